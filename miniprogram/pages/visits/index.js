const { call, messageOf } = require("../../lib/api.js");
const { largeTypeBehavior } = require("../../lib/settings.js");

/** The resident's own visits, newest first, with check-out. */
Component({
  behaviors: [largeTypeBehavior],
  data: {
    visits:
      /** @type {(import("../../typings/api").MyVisits["visits"][number] & { when: string, open: boolean })[]} */ ([]),
    problem: "",
  },
  methods: {
    async onLoad() {
      try {
        const { visits } = await call("GET", "/api/me/visits");
        this.setData({
          visits: visits.map((v) => ({
            ...v,
            when: new Date(v.checkInAt).toLocaleString("zh-CN", { hour12: false }),
            open: new Date(v.endAt).getTime() > Date.now(),
          })),
        });
      } catch (error) {
        this.setData({ problem: messageOf(error) });
      }
    },
    /** @param {Events.Tap} event */
    async checkOut(event) {
      try {
        await call("POST", `/api/visits/${event.currentTarget.dataset.id}/checkout`);
        await this.onLoad();
      } catch (error) {
        this.setData({ problem: messageOf(error) });
      }
    },
  },
});

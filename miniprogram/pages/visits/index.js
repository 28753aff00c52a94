const { call, messageOf } = require("../../lib/api.js");
const { checkInText } = require("../../lib/pass.js");
const { largeTypeBehavior } = require("../../lib/settings.js");
const { pageStateBehavior } = require("../../lib/page-state.js");

/** The resident's own visits, newest first, with check-out. */
Component({
  behaviors: [largeTypeBehavior, pageStateBehavior],
  data: {
    visits:
      /** @type {(import("../../typings/api").MyVisits["visits"][number] & { when: string, open: boolean })[]} */ ([]),
    problem: "",
  },
  methods: {
    onLoad() {
      return this.load();
    },
    load() {
      return this.loadWith(() => this.fetch());
    },
    async fetch() {
      const { visits } = await call("GET", "/api/me/visits");
      this.setData({
        visits: visits.map((v) => ({
          ...v,
          when: checkInText(v.checkInAt),
          open: new Date(v.endAt).getTime() > Date.now(),
        })),
      });
    },
    /** @param {Events.Tap} event */
    checkOut(event) {
      const { id } = event.currentTarget.dataset;
      return this.busyWith(`checkout:${id}`, async () => {
        try {
          await call("POST", `/api/visits/${id}/checkout`);
          await this.fetch();
          this.setData({ problem: "" });
          wx.showToast({ title: "已签退", icon: "success" });
        } catch (error) {
          this.setData({ problem: messageOf(error) });
        }
      });
    },
  },
});

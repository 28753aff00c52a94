const { call, messageOf } = require("../../lib/api.js");
const { largeTypeBehavior } = require("../../lib/settings.js");

/**
 * When a visit ended, saying whether anyone saw it: a check-out or a scan elsewhere is observed; the
 * category's assumed stay is an estimate (预计).
 * @param {import("../../typings/api").MyVisits["visits"][number]} visit
 */
function untilText(visit) {
  const clock = new Date(visit.endAt).toLocaleTimeString("zh-CN", {
    hour12: false,
    hour: "2-digit",
    minute: "2-digit",
  });
  if (visit.endEstimated) return `预计 ${clock} 离开（未签退）`;
  return visit.endedBy === "checkout" ? `${clock} 签退离开` : `${clock} 在别处扫码，视为离开`;
}

/** The resident's own visits, newest first, with check-out. */
Component({
  behaviors: [largeTypeBehavior],
  data: {
    visits:
      /** @type {(import("../../typings/api").MyVisits["visits"][number] & { when: string, until: string, open: boolean })[]} */ ([]),
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
            until: untilText(v),
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

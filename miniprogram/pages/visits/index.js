const { call, messageOf } = require("../../lib/api.js");
const { checkInText, clockText } = require("../../lib/pass.js");
const { largeTypeBehavior } = require("../../lib/settings.js");
const { pageStateBehavior } = require("../../lib/page-state.js");

/**
 * When a visit ended, saying whether anyone saw it: a check-out or a scan elsewhere is observed; the
 * category's assumed stay is an estimate (预计).
 * @param {import("../../typings/api").MyVisits["visits"][number]} visit
 */
function untilText(visit) {
  const clock = clockText(new Date(visit.endAt)).slice(0, 5);
  if (visit.endEstimated) return `预计 ${clock} 离开（未签退）`;
  return visit.endedBy === "checkout" ? `${clock} 签退离开` : `${clock} 在别处扫码，视为离开`;
}

/** The resident's own visits, newest first, with check-out. */
Component({
  behaviors: [largeTypeBehavior, pageStateBehavior],
  data: {
    visits:
      /** @type {(import("../../typings/api").MyVisits["visits"][number] & { when: string, until: string, open: boolean })[]} */ ([]),
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
          until: untilText(v),
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

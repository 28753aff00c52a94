const { call, messageOf, ApiError } = require("../../lib/api.js");
const { codeFromLaunch } = require("../../lib/pass.js");
const { largeTypeBehavior } = require("../../lib/settings.js");
const { pageStateBehavior } = require("../../lib/page-state.js");

/**
 * Opened by a scanned poster link (or the home page's scanner): shows the venue, lets the resident
 * pick companions, and checks in. A retry of the same attempt reuses its requestId.
 */
Component({
  behaviors: [largeTypeBehavior, pageStateBehavior],
  data: {
    code: "",
    venue: /** @type {Extract<import("../../typings/api").VenueCodeStatus, { status: "active" }>["venue"] | null} */ (
      null
    ),
    state: "loading",
    problem: "",
    companions: /** @type {import("../../typings/api").Companion[]} */ ([]),
    chosen: /** @type {string[]} */ ([]),
    requestId: "",
  },
  methods: {
    /** @param {{ q?: string, code?: string }} options */
    async onLoad(options) {
      const code = codeFromLaunch(options || {});
      if (!code) return this.setData({ state: "invalid" });
      this.setData({ code, requestId: `mp-${Date.now()}-${Math.random().toString(36).slice(2, 10)}` });
      await this.load();
    },
    /** Looks the code up (again, after 重试) and offers to check in. */
    async load() {
      const { code } = this.data;
      this.setData({ state: "loading", problem: "" });
      try {
        const found = await call("GET", `/api/venue-codes/${code}`);
        if (found.status === "revoked") return this.setData({ state: "revoked" });
        const { companions } = await call("GET", "/api/me/companions");
        this.setData({ state: "ready", venue: found.venue, companions });
      } catch (error) {
        const notFound = error instanceof ApiError && error.status === 404;
        this.setData({ state: notFound ? "invalid" : "failed", problem: messageOf(error) });
      }
    },
    /** @param {Events.Change<string[]>} event */
    choose(event) {
      this.setData({ chosen: event.detail.value });
    },
    checkIn() {
      return this.busyWith("check-in", () => this.send());
    },
    async send() {
      this.setData({ problem: "" });
      try {
        const outcome = await call("POST", "/api/scans", {
          code: this.data.code,
          companionIds: this.data.chosen,
          requestId: this.data.requestId,
        });
        // Each pass keeps its visit's end (the venue's dwell time), so an old pass is shown as such.
        wx.setStorageSync(
          "venue-code:passes",
          outcome.passes.map((pass, i) => ({ ...pass, validUntil: outcome.visits[i]?.endAt })),
        );
        wx.switchTab({ url: "/pages/pass/index" });
      } catch (error) {
        this.setData({ problem: messageOf(error) });
        if (error instanceof ApiError && error.code === "IDENTITY_REQUIRED")
          wx.navigateTo({ url: "/pages/identity/index" });
      }
    },
  },
});

const { call } = require("../../lib/api.js");
const { codeFromLaunch } = require("../../lib/pass.js");
const { largeTypeBehavior } = require("../../lib/settings.js");

/**
 * Opened by a scanned poster link (or the home page's scanner): shows the venue, lets the resident
 * pick companions, and checks in. A retry of the same attempt reuses its requestId.
 */
Component({
  behaviors: [largeTypeBehavior],
  data: { code: "", venue: null, state: "loading", problem: "", companions: [], chosen: [], requestId: "" },
  methods: {
    async onLoad(options) {
      const code = codeFromLaunch(options || {});
      if (!code) return this.setData({ state: "invalid" });
      this.setData({ code, requestId: `mp-${Date.now()}-${Math.random().toString(36).slice(2, 10)}` });
      try {
        const found = await call("GET", `/api/venue-codes/${code}`);
        if (found.status === "revoked") return this.setData({ state: "revoked" });
        const { companions } = await call("GET", "/api/me/companions");
        this.setData({ state: "ready", venue: found.venue, companions });
      } catch (error) {
        this.setData({ state: error.status === 404 ? "invalid" : "failed", problem: error.message });
      }
    },
    choose(event) {
      this.setData({ chosen: event.detail.value });
    },
    async checkIn() {
      this.setData({ problem: "" });
      try {
        const outcome = await call("POST", "/api/scans", {
          code: this.data.code,
          companionIds: this.data.chosen,
          requestId: this.data.requestId,
        });
        wx.setStorageSync("venue-code:passes", outcome.passes);
        wx.redirectTo({ url: "/pages/pass/index" });
      } catch (error) {
        this.setData({ problem: error.message });
        if (error.status === 409) wx.navigateTo({ url: "/pages/identity/index" });
      }
    },
  },
});

const { largeTypeBehavior } = require("../../lib/settings.js");
const { codeFromLaunch } = require("../../lib/pass.js");
const { parseLink } = require("../../lib/links.js");

/** The 扫码 tab: scanning first, and what a resident needs at a door; owner and staff tools are under 我的. */
Component({
  behaviors: [largeTypeBehavior],
  data: { problem: "", scanning: false },
  methods: {
    scan() {
      this.setData({ scanning: true });
      wx.scanCode({
        onlyFromCamera: true,
        complete: () => this.setData({ scanning: false }),
        fail: (error) => {
          if (!/cancel/.test(error.errMsg || ""))
            this.setData({ problem: "没有打开摄像头，请允许使用摄像头后再扫码。" });
        },
        success: ({ result }) => {
          if (parseLink(result)) return wx.navigateTo({ url: `/pages/link/index?q=${encodeURIComponent(result)}` });
          const code = codeFromLaunch({ q: encodeURIComponent(result) });
          if (!code) return this.setData({ problem: "这不是场所码，请扫描场所门口张贴的场所码。" });
          this.setData({ problem: "" });
          wx.navigateTo({ url: `/pages/scan/index?code=${code}` });
        },
      });
    },
  },
});

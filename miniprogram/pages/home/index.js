const { largeTypeBehavior, setLargeType } = require("../../lib/settings.js");
const { codeFromLaunch } = require("../../lib/pass.js");
const { parseLink } = require("../../lib/links.js");

/** The home page: scanning first, then everything else a resident, owner or staff needs. */
Component({
  behaviors: [largeTypeBehavior],
  data: { problem: "" },
  methods: {
    scan() {
      wx.scanCode({
        onlyFromCamera: true,
        success: ({ result }) => {
          if (parseLink(result)) return wx.navigateTo({ url: `/pages/link/index?q=${encodeURIComponent(result)}` });
          const code = codeFromLaunch({ q: encodeURIComponent(result) });
          if (!code) return this.setData({ problem: "这不是场所码，请扫描场所门口张贴的场所码。" });
          this.setData({ problem: "" });
          wx.navigateTo({ url: `/pages/scan/index?code=${code}` });
        },
      });
    },
    /** @param {Events.Change<boolean>} event */
    toggleLargeType(event) {
      setLargeType(event.detail.value);
      this.setData({ large: event.detail.value });
    },
  },
});

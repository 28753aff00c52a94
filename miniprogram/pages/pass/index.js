const { largeTypeBehavior } = require("../../lib/settings.js");

/** The pass cards of the last check-in: one for the resident, one per companion. */
Component({
  behaviors: [largeTypeBehavior],
  data: { passes: [] },
  pageLifetimes: {
    show() {
      this.setData({ passes: wx.getStorageSync("venue-code:passes") || [] });
    },
  },
  methods: {
    onLoad() {
      this.setData({ passes: wx.getStorageSync("venue-code:passes") || [] });
    },
  },
});

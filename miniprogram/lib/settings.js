/** The large-type setting for elderly users, kept on the phone and applied by every page. */
const KEY = "venue-code:large-type";

function largeType() {
  return wx.getStorageSync(KEY) === true;
}

/** @param {boolean} on */
function setLargeType(on) {
  wx.setStorageSync(KEY, Boolean(on));
}

/** A page behaviour: `data.large` follows the setting each time the page shows. */
const largeTypeBehavior = Behavior({
  data: { large: false },
  pageLifetimes: {
    show() {
      this.setData({ large: largeType() });
    },
  },
  lifetimes: {
    attached() {
      this.setData({ large: largeType() });
    },
  },
});

module.exports = { largeType, setLargeType, largeTypeBehavior };

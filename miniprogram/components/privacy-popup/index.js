/**
 * WeChat's privacy authorisation (app.json `__usePrivacyCheck__`): when a page is about to use
 * something the privacy guide covers (the camera for scanning, an ID number or phone typed in,
 * saving a poster to the album), WeChat asks through wx.onNeedPrivacyAuthorization. This popup,
 * placed on each such page, says what is collected and why, and answers with the person's choice:
 * agree (through WeChat's own agree button, which it requires) or disagree.
 */
/**
 * Each popup's answer to WeChat for the request it is showing.
 * @type {WeakMap<object, Privacy.Resolve>}
 */
const pending = new WeakMap();

Component({
  options: { addGlobalClass: true },
  data: { asking: false, declined: false },
  lifetimes: {
    attached() {
      this.listen();
    },
  },
  pageLifetimes: {
    show() {
      this.listen();
    },
  },
  methods: {
    /** The one listener is the app's: the page on screen takes it over each time it shows. */
    listen() {
      if (typeof wx.onNeedPrivacyAuthorization !== "function") return;
      /** @type {Privacy.Listener} */
      const listener = (resolve) => {
        pending.set(this, resolve);
        this.setData({ asking: true, declined: false });
      };
      wx.onNeedPrivacyAuthorization(
        /** @type {WechatMiniprogram.OnNeedPrivacyAuthorizationCallback} */ (/** @type {unknown} */ (listener)),
      );
    },
    /** After WeChat's agree button (open-type="agreePrivacyAuthorization") was tapped. */
    agree() {
      pending.get(this)?.({ buttonId: "agree-privacy", event: "agree" });
      pending.delete(this);
      this.setData({ asking: false });
    },
    disagree() {
      pending.get(this)?.({ event: "disagree" });
      pending.delete(this);
      this.setData({ asking: false, declined: true });
    },
    openContract() {
      wx.openPrivacyContract({});
    },
  },
});

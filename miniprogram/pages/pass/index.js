const { largeTypeBehavior } = require("../../lib/settings.js");
const { staleWarning, familySummary } = require("../../lib/pass.js");

/** Where the scan page keeps the last check-in's passes (with each visit's end as `validUntil`). */
const PASSES_KEY = "venue-code:passes";

/** The screen brightness before this page raised it, per open page, to give back when it hides. */
const brightnessBefore = new WeakMap();

/** Each shown page's timer that looks again whether its pass is still valid (the dwell time can run out while it shows). */
const rechecks = new WeakMap();

/**
 * The pass cards of the last check-in: one for the resident, one per companion, under one line
 * that sums them up for a family. A stored pass from another day, or past the venue's dwell time,
 * says so on the card. While it shows, the screen stays on at full brightness for the door's eyes.
 */
Component({
  behaviors: [largeTypeBehavior],
  data: {
    passes: /** @type {(import("../../typings/api").Pass & { validUntil?: string })[]} */ ([]),
    summary: "",
    warning: "",
  },
  lifetimes: {
    detached() {
      this.onHide();
    },
  },
  methods: {
    onLoad() {
      this.load();
    },
    onShow() {
      this.load();
      this.brighten();
      clearInterval(rechecks.get(this));
      rechecks.set(
        this,
        setInterval(() => this.recheck(), 30_000),
      );
    },
    onHide() {
      this.dim();
      clearInterval(rechecks.get(this));
    },
    onUnload() {
      this.onHide();
    },
    /** The warning as of now; the screen goes back to normal once a pass is no longer valid. */
    recheck() {
      const { passes } = this.data;
      const warning = passes.length ? staleWarning(passes[0], new Date()) : "";
      if (warning === this.data.warning) return;
      this.setData({ warning });
      if (warning) this.dim();
    },
    load() {
      /** @type {(import("../../typings/api").Pass & { validUntil?: string })[]} */
      const passes = wx.getStorageSync(PASSES_KEY) || [];
      this.setData({
        passes,
        summary: passes.length > 1 ? familySummary(passes) : "",
        warning: passes.length ? staleWarning(passes[0], new Date()) : "",
      });
    },
    /** Keeps the screen on and at full brightness while a valid pass shows (a door clerk reads it). */
    brighten() {
      if (!this.data.passes.length || this.data.warning) return;
      wx.setKeepScreenOn({ keepScreenOn: true });
      wx.getScreenBrightness({
        success: ({ value }) => {
          if (!brightnessBefore.has(this)) brightnessBefore.set(this, value);
          wx.setScreenBrightness({ value: 1 });
        },
      });
    },
    dim() {
      if (!brightnessBefore.has(this)) return;
      wx.setKeepScreenOn({ keepScreenOn: false });
      wx.setScreenBrightness({ value: /** @type {number} */ (brightnessBefore.get(this)) });
      brightnessBefore.delete(this);
    },
  },
});

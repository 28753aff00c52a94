const { PASS_LABELS, clockText, checkInText } = require("../../lib/pass.js");

/** Each card's timer that keeps its clock running. */
const clocks = new WeakMap();

/**
 * The pass card staff check at the door: colour band, masked name, venue, and a live clock with a
 * turning mark, so a screenshot or an old card is easy to tell from the live one; the check-in's date
 * and time; and, on a stored pass that is no longer valid, the warning in the card itself.
 */
Component({
  properties: {
    /** A pass from POST /api/scans: {status, personName, relation, venueName, scannedAt, reasons}. */
    pass: { type: Object, value: {} },
    large: { type: Boolean, value: false },
    /** Why this pass is not valid now (staleWarning in lib/pass.js); empty for a valid one. */
    warning: { type: String, value: "" },
  },
  data: { label: "", clock: "", checkedIn: "", turn: 0 },
  observers: {
    pass(pass) {
      this.setData({
        label: PASS_LABELS[pass.status] || "",
        checkedIn: pass.scannedAt ? checkInText(pass.scannedAt) : "",
      });
    },
  },
  lifetimes: {
    attached() {
      this.tick();
      clocks.set(
        this,
        setInterval(() => this.tick(), 1000),
      );
    },
    detached() {
      clearInterval(clocks.get(this));
    },
  },
  methods: {
    tick() {
      this.setData({ clock: clockText(new Date()), turn: (this.data.turn + 30) % 360 });
    },
  },
});

const { PASS_LABELS, clockText } = require("../../lib/pass.js");

/** Each card's timer that keeps its clock running. */
const clocks = new WeakMap();

/**
 * The pass card staff check at the door: colour band, masked name, venue, and a live clock with a
 * turning mark, so a screenshot or an old card is easy to tell from the live one.
 */
Component({
  properties: {
    /** A pass from POST /api/scans: {status, personName, relation, venueName, scannedAt, reasons}. */
    pass: { type: Object, value: {} },
    large: { type: Boolean, value: false },
  },
  data: { label: "", clock: "", scannedClock: "", turn: 0 },
  observers: {
    pass(pass) {
      this.setData({
        label: PASS_LABELS[pass.status] || "",
        scannedClock: pass.scannedAt ? clockText(new Date(pass.scannedAt)).slice(0, 5) : "",
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

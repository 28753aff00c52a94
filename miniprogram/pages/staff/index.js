const { call } = require("../../lib/api.js");
const { personProblems } = require("../../lib/validate.js");
const { largeTypeBehavior } = require("../../lib/settings.js");
const { formBehavior } = require("../../lib/form.js");
const { pageStateBehavior } = require("../../lib/page-state.js");

/** Each open page's timer that refreshes its list of entries. */
const refreshers = new WeakMap();

/** For door staff: check in someone without a phone, and watch who came in. */
Component({
  behaviors: [largeTypeBehavior, formBehavior, pageStateBehavior],
  data: {
    venues: /** @type {import("../../typings/api").MyVenues["venues"]} */ ([]),
    venueIndex: 0,
    form: { name: "", idNumber: "", phone: "" },
    entries: /** @type {import("../../typings/api").DoorEntry[]} */ ([]),
    entered: /** @type {import("../../typings/api").Pass | null} */ (null),
  },
  lifetimes: {
    detached() {
      clearInterval(refreshers.get(this));
    },
  },
  methods: {
    async onLoad() {
      await this.load();
      refreshers.set(
        this,
        setInterval(() => this.refresh().catch(() => {}), 5000),
      );
    },
    load() {
      return this.loadWith(async () => {
        const { venues } = await call("GET", "/api/venues/mine");
        this.setData({ venues });
        if (venues.length) await this.refresh();
      });
    },
    /** @param {Events.Change} event */
    pickVenue(event) {
      this.setData({ venueIndex: Number(event.detail.value), entries: [] });
      return this.loadWith(() => this.refresh());
    },
    venueId() {
      const venue = this.data.venues[this.data.venueIndex];
      return venue ? venue.id : "";
    },
    async refresh() {
      if (!this.venueId()) return;
      const { visits } = await call("GET", `/api/venues/${this.venueId()}/visits`);
      this.setData({ entries: visits });
    },
    enter() {
      if (!this.validate(personProblems(this.data.form))) return Promise.resolve();
      return this.busyWith("enter", async () => {
        try {
          const entered = await call("POST", `/api/venues/${this.venueId()}/manual-entries`, this.data.form);
          this.setData({ entered: entered.pass, form: { name: "", idNumber: "", phone: "" }, problem: "" });
          wx.showToast({ title: "已登记入场", icon: "success" });
          await this.refresh();
        } catch (error) {
          this.showServerProblems(error);
        }
      });
    },
  },
});

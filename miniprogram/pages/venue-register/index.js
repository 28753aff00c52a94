const { call } = require("../../lib/api.js");
const { venueProblems } = require("../../lib/validate.js");
const { largeTypeBehavior } = require("../../lib/settings.js");
const { formBehavior } = require("../../lib/form.js");
const { pageStateBehavior } = require("../../lib/page-state.js");

/** An owner registers a venue and gets its code (the same service the chat bot uses). */
Component({
  behaviors: [largeTypeBehavior, formBehavior, pageStateBehavior],
  data: {
    categories: /** @type {import("../../typings/api").VenueCategories["categories"]} */ ([]),
    regions: /** @type {import("../../typings/api").Regions["regions"]} */ ([]),
    categoryIndex: -1,
    regionIndex: -1,
    form: { name: "", categoryId: "", regionCode: "", address: "", plateNumber: "", contactPhone: "" },
    /** A bus or taxi: one code per vehicle, known by its plate, with no street address. */
    vehicle: false,
    created: /** @type {import("../../typings/api").OwnVenue | null} */ (null),
  },
  methods: {
    onLoad() {
      return this.load();
    },
    load() {
      return this.loadWith(async () => {
        const [{ categories }, { regions }] = await Promise.all([
          call("GET", "/api/venue-categories"),
          call("GET", "/api/regions"),
        ]);
        this.setData({ categories, regions });
      });
    },
    /** @param {Events.Change} event */
    pickCategory(event) {
      const index = Number(event.detail.value);
      const category = this.data.categories[index];
      this.setData({
        categoryIndex: index,
        "form.categoryId": category?.id ?? "",
        vehicle: Boolean(category?.vehicle),
      });
    },
    /** @param {Events.Change} event */
    pickRegion(event) {
      const index = Number(event.detail.value);
      this.setData({ regionIndex: index, "form.regionCode": this.data.regions[index]?.code ?? "" });
    },
    submit() {
      const { vehicle, form } = this.data;
      if (!this.validate(venueProblems(form, { vehicle }))) return Promise.resolve();
      const { address, plateNumber, ...common } = form;
      return this.busyWith("submit", async () => {
        try {
          const body = vehicle ? { ...common, plateNumber } : { ...common, address };
          const created = await call("POST", "/api/venues", body);
          this.setData({ created, problem: "" });
        } catch (error) {
          this.showServerProblems(error);
        }
      });
    },
  },
});

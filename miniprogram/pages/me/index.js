const { call } = require("../../lib/api.js");
const { largeTypeBehavior, setLargeType } = require("../../lib/settings.js");
const { pageStateBehavior } = require("../../lib/page-state.js");

/**
 * 我的: the resident's own settings and records, and the tools of venue owners (我的场所, 申领场所码)
 * and door staff (无手机入场), kept off the scanning tab so residents see only what they need.
 */
Component({
  behaviors: [largeTypeBehavior, pageStateBehavior],
  data: {
    identity: /** @type {import("../../typings/api").MaskedPerson | null} */ (null),
    venues: /** @type {import("../../typings/api").MyVenues["venues"]} */ ([]),
  },
  methods: {
    onLoad() {
      return this.load();
    },
    load() {
      return this.loadWith(async () => {
        const [me, { venues }] = await Promise.all([call("GET", "/api/me"), call("GET", "/api/venues/mine")]);
        this.setData({ identity: me.identity, venues });
      });
    },
    /** @param {Events.Change<boolean>} event */
    toggleLargeType(event) {
      setLargeType(event.detail.value);
      this.setData({ large: event.detail.value });
    },
  },
});

const { call, ApiError } = require("../../lib/api.js");
const { personProblems } = require("../../lib/validate.js");
const { largeTypeBehavior } = require("../../lib/settings.js");
const { formBehavior } = require("../../lib/form.js");
const { pageStateBehavior } = require("../../lib/page-state.js");

/**
 * Real-name verification, needed before the first check-in. Once verified it cannot be changed
 * here (an official corrects mistakes); a number already verified on another account can be
 * claimed, for an official to review.
 */
Component({
  behaviors: [largeTypeBehavior, formBehavior, pageStateBehavior],
  data: {
    form: { name: "", idNumber: "", phone: "", note: "" },
    verified: /** @type {import("../../typings/api").MaskedPerson | null} */ (null),
    done: false,
    inUse: false,
    claimed: false,
  },
  methods: {
    onLoad() {
      return this.load();
    },
    load() {
      return this.loadWith(async () => {
        const me = await call("GET", "/api/me");
        this.setData({ verified: me.identity });
      });
    },
    submit() {
      if (!this.validate(personProblems(this.data.form, { phoneRequired: true }))) return Promise.resolve();
      const { name, idNumber, phone } = this.data.form;
      return this.busyWith("submit", async () => {
        try {
          const me = await call("PUT", "/api/me/identity", { name, idNumber, phone });
          this.setData({ done: true, verified: me.identity });
        } catch (error) {
          this.showServerProblems(error);
          this.setData({ inUse: error instanceof ApiError && error.code === "IDENTITY_IN_USE" });
        }
      });
    },
    claim() {
      const { name, idNumber, phone, note } = this.data.form;
      if (!note || note.trim().length < 2) {
        this.validate({ note: "请简单说明情况，比如“这是我本人的身份证”" });
        return Promise.resolve();
      }
      return this.busyWith("claim", async () => {
        try {
          await call("POST", "/api/me/identity-claims", { name, idNumber, phone, note });
          this.setData({ claimed: true, inUse: false, problem: "" });
        } catch (error) {
          this.showServerProblems(error);
        }
      });
    },
  },
});

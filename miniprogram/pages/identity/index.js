const { call } = require("../../lib/api.js");
const { personProblems } = require("../../lib/validate.js");
const { largeTypeBehavior } = require("../../lib/settings.js");
const { formBehavior } = require("../../lib/form.js");

/** Real-name verification, needed before the first check-in. */
Component({
  behaviors: [largeTypeBehavior, formBehavior],
  data: { form: { name: "", idNumber: "", phone: "" }, done: false },
  methods: {
    async submit() {
      if (!this.validate(personProblems(this.data.form, { phoneRequired: true }))) return;
      try {
        const me = await call("PUT", "/api/me/identity", this.data.form);
        this.setData({ done: true, masked: me.identity });
      } catch (error) {
        this.showServerProblems(error);
      }
    },
  },
});

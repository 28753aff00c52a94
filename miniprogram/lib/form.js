const { ApiError, messageOf } = require("./api.js");

/**
 * Form handling shared by the pages: inputs write `form.<field>`; `validate` shows the problems by
 * field and says whether the form can be sent; the server's field problems are shown the same way.
 */
const formBehavior = Behavior({
  data: { problems: {}, problem: "" },
  methods: {
    /** @param {Events.Change} event */
    edit(event) {
      this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    /** @param {Record<string, string>} problems */
    validate(problems) {
      const clear = Object.keys(problems).length === 0;
      this.setData({ problems, problem: clear ? "" : "请按提示修改后再提交" });
      return clear;
    },
    /** @param {unknown} error what the server refused, with its problems by field */
    showServerProblems(error) {
      /** @type {Record<string, string>} */
      const problems = {};
      const details = error instanceof ApiError ? error.details : [];
      for (const detail of details) problems[detail.path] = detail.message;
      this.setData({ problems, problem: messageOf(error) });
    },
  },
});

module.exports = { formBehavior };

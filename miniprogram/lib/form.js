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
    /**
     * What the server refused, shown beside each field it names (its Chinese message, e.g.
     * "手机号：请填写11位手机号码"); the message under the button says which fields to fix.
     * @param {unknown} error
     */
    showServerProblems(error) {
      /** @type {Record<string, string>} */
      const problems = {};
      const details = error instanceof ApiError ? error.details : [];
      for (const detail of details) {
        if (detail.path && !problems[detail.path]) problems[detail.path] = detail.userMessage || messageOf(error);
      }
      if (error instanceof ApiError && error.field && !problems[error.field]) problems[error.field] = messageOf(error);
      this.setData({ problems, problem: messageOf(error) });
    },
  },
});

module.exports = { formBehavior };

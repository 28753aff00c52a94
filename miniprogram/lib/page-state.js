const { messageOf } = require("./api.js");

/**
 * Loading, failure and busy states shared by the pages (the page-state component shows the first
 * two). `loadWith` runs a page's loader: `loading` until it settles, `failed` (the Chinese reason)
 * when it throws. `busyWith` runs what a button does with that button busy: `busy` names the action
 * in flight, buttons bind `disabled` and `loading` to it, and a second tap meanwhile does nothing.
 */
const pageStateBehavior = Behavior({
  data: { loading: false, failed: "", busy: "" },
  methods: {
    /** @param {() => Promise<unknown>} loader */
    async loadWith(loader) {
      this.setData({ loading: true, failed: "" });
      try {
        await loader();
        this.setData({ loading: false });
      } catch (error) {
        this.setData({ loading: false, failed: messageOf(error) });
      }
    },
    /**
     * @param {string} name which action (a button's busy mark), e.g. "add" or "remove:<id>"
     * @param {() => Promise<unknown>} action
     */
    async busyWith(name, action) {
      if (this.data.busy) return;
      this.setData({ busy: name });
      try {
        await action();
      } finally {
        this.setData({ busy: "" });
      }
    },
  },
});

module.exports = { pageStateBehavior };

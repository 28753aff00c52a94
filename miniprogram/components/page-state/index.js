/**
 * What a page shows instead of its content while it has none to show: 正在加载… while its data
 * is on the way, the reason and a 重试 button when it did not come, and a line saying there is
 * nothing yet when the list is empty. Tapping 重试 fires `retry` for the page to load again.
 */
Component({
  options: { addGlobalClass: true },
  properties: {
    loading: { type: Boolean, value: false },
    /** Why loading failed, in Chinese; empty when it did not. */
    failed: { type: String, value: "" },
    /** What to say when there is nothing to list; empty when there is. */
    empty: { type: String, value: "" },
  },
  methods: {
    retry() {
      this.triggerEvent("retry");
    },
  },
});

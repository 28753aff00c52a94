const { call, messageOf } = require("../../lib/api.js");
const { largeTypeBehavior } = require("../../lib/settings.js");
const { pageStateBehavior } = require("../../lib/page-state.js");

/** A one-time code to send to the chat bot, so its alerts reach this account's WeChat. */
Component({
  behaviors: [largeTypeBehavior, pageStateBehavior],
  data: { code: "", problem: "" },
  methods: {
    issue() {
      return this.busyWith("issue", async () => {
        try {
          const { code } = await call("POST", "/api/me/bind-code");
          this.setData({ code, problem: "" });
        } catch (error) {
          this.setData({ problem: messageOf(error) });
        }
      });
    },
  },
});

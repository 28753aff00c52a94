const { call, messageOf } = require("../../lib/api.js");
const { largeTypeBehavior } = require("../../lib/settings.js");

/** A one-time code to send to the chat bot, so its alerts reach this account's WeChat. */
Component({
  behaviors: [largeTypeBehavior],
  data: { code: "", problem: "" },
  methods: {
    async issue() {
      try {
        const { code } = await call("POST", "/api/me/bind-code");
        this.setData({ code, problem: "" });
      } catch (error) {
        this.setData({ problem: messageOf(error) });
      }
    },
  },
});

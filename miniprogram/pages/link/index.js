const { call, messageOf } = require("../../lib/api.js");
const { largeTypeBehavior } = require("../../lib/settings.js");
const { parseLink } = require("../../lib/links.js");
const { pageStateBehavior } = require("../../lib/page-state.js");

/** A scanned or tapped sign-in link or staff invitation: nothing happens until the resident confirms. */
Component({
  behaviors: [largeTypeBehavior, pageStateBehavior],
  data: {
    link: /** @type {ReturnType<typeof parseLink>} */ (null),
    state: "ask",
    outcome: "",
    problem: "",
  },
  methods: {
    /** @param {{ q?: string }} options */
    onLoad(options) {
      const link = parseLink(decodeURIComponent(options.q || ""));
      this.setData({ link, state: link ? "ask" : "invalid" });
    },
    confirm() {
      return this.busyWith("confirm", () => this.send());
    },
    async send() {
      const { link } = this.data;
      if (!link) return;
      this.setData({ problem: "" });
      try {
        if (link.kind === "sign-in") {
          const { kind } = await call("POST", `/api/me/sign-in-links/${link.token}`);
          this.setData({
            state: "done",
            outcome: kind === "web" ? "已确认，网页上的聊天会自动登录。" : "已确认，请回到微信聊天，给小助手发“继续”。",
          });
        } else {
          const { venue } = await call("POST", "/api/staff-invites/accept", { code: link.code });
          this.setData({
            state: "done",
            outcome: `您已成为“${venue.name}”的工作人员，可以在“我的 → 无手机入场”帮访客登记。`,
          });
        }
      } catch (error) {
        this.setData({ problem: messageOf(error) });
      }
    },
  },
});

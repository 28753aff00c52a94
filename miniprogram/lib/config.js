/**
 * Where the API lives. In WeChat this must be an https domain listed under 开发管理 → 服务器域名 →
 * request合法域名; in DevTools, with "不校验合法域名" ticked, a local address works.
 */
module.exports = {
  apiBase: "http://localhost:3000",
  /** The subscribe-message template for exposure alerts (WECHAT_ALERT_TEMPLATE_ID on the server). */
  alertTemplateId: "",
};

// @ts-check
import { el, message } from "./api.js";
import { api, table, when } from "./console-kit.js";

/**
 * The audit log: who looked up or changed what, when.
 * @param {HTMLElement} main
 */
export function renderAudit(main) {
  const list = el("div", {});
  main.append(el("div", { className: "card" }, el("h2", {}, "审计日志：谁在何时查询了什么"), list));
  api("GET", "/api/audit?limit=200")
    .then(({ records }) =>
      list.replaceChildren(
        table(
          [["时间（北京时间）"], ["人员"], ["操作"], ["内容"], ["涉及人数", true]],
          records.map((r) => [r.localTime, r.username, r.actionName, r.summary, r.peopleTouched]),
          { fixed: [20, 14, 22, 34, 10] },
        ),
      ),
    )
    .catch((error) => list.replaceChildren(el("p", { className: "error" }, message(error))));
}

/**
 * Questions the bot handed to people (转人工).
 * @param {HTMLElement} main
 */
export function renderTickets(main) {
  const list = el("div", {});
  main.append(el("div", { className: "card" }, el("h2", {}, "转人工工单"), list));
  api("GET", "/api/tickets")
    .then(({ tickets }) =>
      list.replaceChildren(
        table(
          [["时间"], ["问题"], ["渠道"], ["已绑定账号"]],
          tickets.map((t) => [
            when(t.createdAt),
            t.question,
            t.channel === "wechat" ? "微信" : "网页",
            t.hasAccount ? "是" : "否",
          ]),
        ),
      ),
    )
    .catch((error) => list.replaceChildren(el("p", { className: "error" }, message(error))));
}

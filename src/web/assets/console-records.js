// @ts-check
import { el, message } from "./api.js";
import { api, ask, table, when } from "./console-kit.js";

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
 * Questions the bot handed to people (转人工): open ones to answer, answered ones with whether the
 * bot has passed the answer on yet (it does the next time the person writes).
 * @param {HTMLElement} main
 */
export function renderTickets(main) {
  const list = el("div", {});
  const notice = el("p", { className: "ok", role: "status" });
  const load = async () => {
    const [open, closed] = await Promise.all([
      api("GET", "/api/tickets?status=open&limit=100"),
      api("GET", "/api/tickets?status=closed&limit=50"),
    ]);
    list.replaceChildren(
      table(
        [["时间"], ["问题"], ["渠道"], ["状态"], ["回复"], ["操作"]],
        [...open.tickets, ...closed.tickets].map((t) => {
          const answer = el(
            "button",
            { type: "button", className: "small", "aria-label": `回复：${t.question}` },
            "回复",
          );
          answer.addEventListener("click", () =>
            ask({
              title: "回复工单",
              text: `问题：“${t.question}”。回复会由小助手在对方下次发消息时转告（${t.channel === "wechat" ? "微信" : "网页"}）。`,
              confirmLabel: "发送回复",
              fields: [
                {
                  name: "text",
                  label: "回复内容",
                  input: el("textarea", { rows: "4", maxlength: "500", required: true }),
                },
              ],
              async onConfirm({ text }) {
                await api("POST", `/api/tickets/${t.id}/reply`, { text: text ?? "" });
                notice.textContent = "已回复，小助手会在对方下次发消息时转告。";
                await load();
              },
            }),
          );
          return [
            when(t.createdAt),
            t.question,
            t.channel === "wechat" ? "微信" : "网页",
            t.status === "open" ? "待回复" : t.replyDelivered ? "已回复，已转告" : "已回复，待转告",
            t.reply ? `${t.reply.text}（${t.reply.by}）` : "—",
            t.status === "open" ? answer : "",
          ];
        }),
        { fixed: [16, 26, 8, 14, 26, 10] },
      ),
    );
  };
  main.append(el("div", { className: "card" }, el("h2", {}, "转人工工单"), notice, list));
  load().catch((error) => list.replaceChildren(el("p", { className: "error" }, message(error))));
}

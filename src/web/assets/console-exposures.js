// @ts-check
import { el, message } from "./api.js";
import { api, field, localIso, session, table, when } from "./console-kit.js";

/** @type {Record<string, string>} */
const STATUS_NAMES = {
  "pending-confirmation": "待第二人确认",
  queued: "排队中",
  sending: "发送中",
  done: "已完成",
  withdrawn: "已撤回",
};

/** @typedef {import("../../../miniprogram/typings/api").ExposureProgress} ExposureProgress */

/**
 * Exposure events: the form (by places and times, or a case's movements) with a preview, the live
 * progress of a sending, and past events with their confirmations.
 * @param {HTMLElement} main
 */
export function renderExposures(main) {
  /** @param {Date} date */
  const local = (date) => localIso(date).slice(0, 16);
  const now = new Date();
  const mode = el(
    "select",
    { name: "mode" },
    el("option", { value: "places" }, "按场所和时段"),
    el("option", { value: "case" }, "按病例行程"),
  );
  const code = el("input", { name: "code", autocomplete: "off" });
  const idNumber = el("input", { name: "idNumber", autocomplete: "off", maxlength: "18" });
  const placeFields = field("场所码", code, "场所码海报上二维码下方的20位编码");
  const caseFields = field("病例身份证号", idNumber, "用于查找病例在该时段内到过的场所，列表和日志中不显示全号");
  caseFields.classList.add("hidden");
  mode.addEventListener("change", () => {
    placeFields.classList.toggle("hidden", mode.value === "case");
    caseFields.classList.toggle("hidden", mode.value !== "case");
  });
  const start = el("input", {
    type: "datetime-local",
    name: "start",
    value: local(new Date(now.getTime() - 2 * 3600_000)),
  });
  const end = el("input", { type: "datetime-local", name: "end", value: local(new Date(now.getTime() - 60_000)) });
  const risk = el(
    "select",
    { name: "riskLevel" },
    el("option", { value: "high" }, "高风险"),
    el("option", { value: "medium" }, "中风险"),
  );
  const overlap = el("input", { type: "number", name: "minOverlapMinutes", min: "1", max: "1440", value: "1" });
  const stay = el("input", {
    type: "number",
    name: "estimatedStayMinutes",
    min: "1",
    max: "720",
    placeholder: "按场所类别",
  });
  const text = el(
    "textarea",
    { name: "message", rows: "3", required: true, maxlength: "500" },
    "请于24小时内完成核酸检测，并做好健康监测。",
  );
  const problem = el("p", { className: "error", role: "alert" });
  const preview = el("div", { "aria-live": "polite" });
  const progress = el("div", { className: "card hidden", "aria-live": "polite" });
  const events = el("div", {});
  const body = () => ({
    ...(mode.value === "case"
      ? {
          case: {
            idNumber: idNumber.value.trim(),
            from: new Date(start.value).toISOString(),
            to: new Date(end.value).toISOString(),
          },
        }
      : {
          places: [
            {
              code: code.value.trim(),
              start: new Date(start.value).toISOString(),
              end: new Date(end.value).toISOString(),
            },
          ],
        }),
    riskLevel: risk.value,
    message: text.value.trim(),
    minOverlapMinutes: Number(overlap.value),
    ...(stay.value ? { estimatedStayMinutes: Number(stay.value) } : {}),
  });
  const previewButton = el("button", { type: "button", className: "secondary" }, "预览影响人数");
  const sendButton = el("button", { type: "submit" }, "发出提醒");
  previewButton.addEventListener("click", async () => {
    problem.textContent = "";
    try {
      const found = await api("POST", "/api/exposures/preview", body());
      preview.replaceChildren(
        el("p", {}, `将提醒 ${found.people} 人（${found.visits} 次到访）。`),
        el(
          "p",
          { className: "estimate" },
          `其中 ${found.observed} 人有实际记录在时段内（扫码到达、签退或在别处扫码），` +
            `${found.estimatedOnly} 人仅因预计停留（未记录离开时间，按${
              found.estimatedStayMinutes === null ? "场所类别的预计停留时长" : `约 ${found.estimatedStayMinutes} 分钟`
            }估算）而计入。`,
        ),
        table(
          [["场所"], ["人数", true], ["其中仅预计", true], ["到访", true]],
          found.byVenue.map((v) => [v.venueName, v.people, v.estimatedOnly, v.visits]),
        ),
      );
    } catch (error) {
      problem.textContent = message(error);
    }
  });
  const form = el(
    "form",
    { className: "stack" },
    field("流调方式", mode),
    placeFields,
    caseFields,
    el("div", { className: "row" }, field("时段开始", start), field("时段结束", end)),
    el("div", { className: "row" }, field("风险等级", risk), field("最少重叠（分钟）", overlap)),
    field(
      "未签退者预计停留（分钟）",
      stay,
      "未记录离开时间的到访按此时长估算，留空则按场所类别；签退和在别处扫码的实际离开时间不变",
    ),
    field("提醒内容", text),
    problem,
    el("div", { className: "row" }, previewButton, sendButton),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    problem.textContent = "";
    try {
      const created = await api("POST", "/api/exposures", body());
      follow(created.id);
    } catch (error) {
      problem.textContent = message(error);
    }
  });
  /** @param {string} id the event whose sending the progress bar follows */
  function follow(id) {
    const bar = el("div", { className: "progress__bar" });
    const label = el("p", { className: "progress-label" }, "正在准备发送……");
    progress.classList.remove("hidden");
    progress.replaceChildren(
      el("h2", {}, "发送进度"),
      el(
        "div",
        {
          className: "progress",
          role: "progressbar",
          "aria-valuemin": "0",
          "aria-valuemax": "100",
          "aria-valuenow": "0",
        },
        bar,
      ),
      label,
    );
    const stream = new EventSource(`/api/exposures/${id}/stream?access_token=${encodeURIComponent(session.token)}`);
    stream.addEventListener("progress", (event) => {
      /** @type {ExposureProgress} */
      const p = JSON.parse(/** @type {MessageEvent} */ (event).data);
      const percent = p.total ? Math.round((100 * (p.delivered + p.failed)) / p.total) : 100;
      bar.style.width = `${percent}%`;
      /** @type {HTMLElement} */ (bar.parentElement).setAttribute("aria-valuenow", String(percent));
      label.textContent =
        p.status === "pending-confirmation"
          ? `涉及 ${p.total} 人，超过确认门槛，需另一位卫健人员确认后发送。`
          : `${STATUS_NAMES[p.status]}：已送达 ${p.delivered} / ${p.total} 人${p.failed ? `，${p.failed} 人无法送达` : ""}（${percent}%）`;
      if (p.status === "done" || p.status === "withdrawn" || p.status === "pending-confirmation") {
        stream.close();
        loadEvents();
      }
    });
  }
  async function loadEvents() {
    const { exposures } = await api("GET", "/api/exposures?limit=20");
    events.replaceChildren(
      table(
        [["发出时间"], ["场所与时段"], ["等级"], ["状态"], ["涉及", true], ["已送达", true], ["失败", true], [""]],
        exposures.map((e) => {
          const confirm =
            e.status === "pending-confirmation"
              ? el("button", { type: "button", className: "secondary" }, "确认发送")
              : "";
          if (confirm) {
            confirm.addEventListener("click", async () => {
              try {
                await api("POST", `/api/exposures/${e.id}/confirm`);
                follow(e.id);
              } catch (error) {
                problem.textContent = message(error);
              }
            });
          }
          return [
            when(e.createdAt),
            e.places.map((p) => `${p.venueName} ${when(p.start)}–${when(p.end).slice(-8)}`).join("；"),
            e.riskLevel === "high" ? "高" : "中",
            STATUS_NAMES[e.status] ?? e.status,
            e.total,
            e.delivered,
            e.failed,
            confirm,
          ];
        }),
      ),
    );
  }
  main.append(
    el("div", { className: "card" }, el("h2", {}, "发布风险时空提醒"), form, preview),
    progress,
    el("div", { className: "card" }, el("h2", {}, "历史事件"), events),
  );
  loadEvents().catch((error) => events.replaceChildren(el("p", { className: "error" }, message(error))));
}

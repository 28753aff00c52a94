// @ts-check
import { clearFieldProblems, el, message, showFieldProblems } from "./api.js";
import { api, ask, busy, field, localIso, randomKey, session, table, venuePicker, when } from "./console-kit.js";

/** @type {Record<string, string>} */
const STATUS_NAMES = {
  "pending-confirmation": "待第二人确认",
  queued: "排队中",
  sending: "发送中",
  done: "已完成",
  withdrawn: "已撤回",
};

/** @typedef {import("../../../miniprogram/typings/api").ExposureProgress} ExposureProgress */

/** @param {Date} date the browser's local date and time, as a datetime-local input holds it */
const local = (date) => localIso(date).slice(0, 16);

/**
 * A time window's default end: now rounded up to the whole minute, and one minute more. A scan made
 * just now then overlaps the window by at least the shortest overlap (one minute) and is counted;
 * a datetime-local input holds whole minutes, and the API takes an end up to three minutes ahead.
 */
const defaultWindowEnd = () => new Date(Math.ceil((Date.now() + 1) / 60_000) * 60_000 + 60_000);

/**
 * Exposure events: places picked by name (several per event) or a case's movements; a preview is
 * required before sending, and sending asks to confirm with the number of people; the request
 * carries a key so a double click or a retry cannot send twice. Past events can be withdrawn, or
 * one person cleared, with a reason.
 * @param {HTMLElement} main
 */
export function renderExposures(main) {
  const now = new Date();
  const mode = el(
    "select",
    { name: "mode" },
    el("option", { value: "places" }, "按场所和时段"),
    el("option", { value: "case" }, "按病例行程"),
  );

  /** @type {{ venueId: string, venueName: string, start: HTMLInputElement, end: HTMLInputElement, row: HTMLElement }[]} */
  const places = [];
  const placeList = el("ol", { className: "places", "aria-label": "已选场所与时段" });
  const noPlaces = el("p", { className: "muted" }, "还没有选择场所：请在下面查找场所并点“加入”。");
  /** @param {{ id: string, name: string, regionName: string }} venue */
  const addPlace = (venue) => {
    if (places.some((p) => p.venueId === venue.id)) return;
    const start = el("input", { type: "datetime-local", value: local(new Date(now.getTime() - 2 * 3600_000)) });
    const end = el("input", { type: "datetime-local", value: local(defaultWindowEnd()) });
    const remove = el("button", { type: "button", className: "secondary", "aria-label": `移除 ${venue.name}` }, "移除");
    const row = el(
      "li",
      { className: "place" },
      el("b", { className: "place__name" }, `${venue.name}（${venue.regionName}）`),
      el("div", { className: "row" }, field("时段开始", start), field("时段结束", end), remove),
    );
    const place = { venueId: venue.id, venueName: venue.name, start, end, row };
    remove.addEventListener("click", () => {
      places.splice(places.indexOf(place), 1);
      row.remove();
      noPlaces.classList.toggle("hidden", places.length > 0);
      invalidate();
    });
    places.push(place);
    placeList.append(row);
    noPlaces.classList.add("hidden");
    invalidate();
  };
  const picker = venuePicker({ pickLabel: "加入", onPick: addPlace });
  const placesBlock = el(
    "fieldset",
    { className: "stack-block" },
    el("legend", {}, "场所与时段（可加入多个场所）"),
    noPlaces,
    placeList,
    picker,
  );

  // Named as the API names what they hold, so a refusal's message stands beside the right one.
  const idNumber = el("input", { name: "case.idNumber", autocomplete: "off", maxlength: "18" });
  const caseFrom = el("input", {
    type: "datetime-local",
    name: "case.from",
    value: local(new Date(now.getTime() - 3 * 86_400_000)),
  });
  const caseTo = el("input", { type: "datetime-local", name: "case.to", value: local(defaultWindowEnd()) });
  const caseBlock = el(
    "fieldset",
    { className: "stack-block hidden" },
    el("legend", {}, "病例行程"),
    field("病例身份证号", idNumber, "用于查找病例在该时段内到过的场所，列表和日志中不显示全号"),
    el("div", { className: "row" }, field("行程开始", caseFrom), field("行程结束", caseTo)),
  );
  mode.addEventListener("change", () => {
    placesBlock.classList.toggle("hidden", mode.value === "case");
    caseBlock.classList.toggle("hidden", mode.value !== "case");
    invalidate();
  });

  const risk = el(
    "select",
    { name: "riskLevel" },
    el("option", { value: "high" }, "高风险"),
    el("option", { value: "medium" }, "中风险"),
  );
  const overlap = el("input", { type: "number", name: "minOverlapMinutes", min: "0", max: "600", value: "1" });
  const stay = el("input", {
    type: "number",
    name: "estimatedStayMinutes",
    min: "1",
    max: "720",
    placeholder: "按场所类别",
  });
  const text = el(
    "textarea",
    { name: "message", rows: "3", required: true, maxlength: "300" },
    "请于24小时内完成核酸检测，并做好健康监测。",
  );
  const problem = el("p", { className: "error", role: "alert" });
  const preview = el("div", { "aria-live": "polite", className: "preview" });
  const progress = el("div", { className: "card hidden", "aria-live": "polite" });
  const events = el("div", {});
  const notice = el("p", { role: "status", className: "muted" });

  /** @param {string} value a datetime-local value */
  const iso = (value) => (value ? new Date(value).toISOString() : "");
  const body = () => ({
    ...(mode.value === "case"
      ? { case: { idNumber: idNumber.value.trim(), from: iso(caseFrom.value), to: iso(caseTo.value) } }
      : {
          places: places.map((p, i) => {
            p.start.name = `places.${i}.start`;
            p.end.name = `places.${i}.end`;
            return { venueId: p.venueId, start: iso(p.start.value), end: iso(p.end.value) };
          }),
        }),
    riskLevel: risk.value,
    message: text.value.trim(),
    minOverlapMinutes: Number(overlap.value),
    ...(stay.value ? { estimatedStayMinutes: Number(stay.value) } : {}),
  });

  /** The preview the send button stands on: what was previewed, how many people, and this sending's key. */
  /** @type {{ request: string, people: number, key: string } | null} */
  let previewed = null;
  const previewButton = el("button", { type: "button", className: "secondary" }, "预览影响人数");
  const sendButton = el("button", { type: "button", disabled: true, "aria-describedby": "send-hint" }, "发出提醒");
  const sendHint = el("span", { className: "hint", id: "send-hint" }, "须先预览影响人数，确认无误后才能发出。");
  function invalidate() {
    if (previewed && previewed.request === JSON.stringify(body())) return;
    previewed = null;
    sendButton.disabled = true;
    preview.replaceChildren();
  }
  const card = el(
    "div",
    { className: "card" },
    el("h2", {}, "发布风险时空提醒"),
    el(
      "div",
      { className: "stack" },
      field("流调方式", mode),
      placesBlock,
      caseBlock,
      el("div", { className: "row" }, field("风险等级", risk), field("最少重叠（分钟）", overlap)),
      field(
        "未签退者预计停留（分钟）",
        stay,
        "未记录离开时间的到访按此时长估算，留空则按场所类别；签退和在别处扫码的实际离开时间不变",
      ),
      field("提醒内容", text),
      problem,
      preview,
      el("div", { className: "row" }, previewButton, sendButton),
      sendHint,
    ),
  );
  card.addEventListener("input", invalidate);
  card.addEventListener("change", invalidate);

  previewButton.addEventListener("click", () =>
    busy(previewButton, "正在计算……", async () => {
      problem.textContent = "";
      clearFieldProblems(card);
      if (mode.value === "places" && places.length === 0) {
        problem.textContent = "请先查找并加入至少一个场所。";
        return;
      }
      const request = body();
      try {
        const found = await api("POST", "/api/exposures/preview", request);
        const byVenue = table(
          [["场所"], ["人数", true], ["其中仅预计", true], ["到访", true]],
          found.byVenue.map((v) => [v.venueName, v.people, v.estimatedOnly, v.visits]),
        );
        if (found.people === 0) {
          // Nothing to send: an event that alerts nobody is not offered.
          preview.replaceChildren(
            el(
              "p",
              { className: "preview__total preview__none", role: "status" },
              "没有人会收到提醒：所选场所在这些时段内没有扫码记录。请核对场所和时段后重新预览。",
            ),
            byVenue,
          );
          return;
        }
        previewed = { request: JSON.stringify(request), people: found.people, key: randomKey() };
        preview.replaceChildren(
          el("p", { className: "preview__total" }, `将提醒 ${found.people} 人（${found.visits} 次到访）。`),
          el(
            "p",
            { className: "estimate" },
            `其中 ${found.observed} 人有实际记录在时段内（扫码到达、签退或在别处扫码），` +
              `${found.estimatedOnly} 人仅因预计停留（未记录离开时间，按${
                found.estimatedStayMinutes === null ? "场所类别的预计停留时长" : `约 ${found.estimatedStayMinutes} 分钟`
              }估算）而计入。`,
          ),
          byVenue,
        );
        sendButton.disabled = false;
      } catch (error) {
        problem.textContent = message(error);
        showFieldProblems(card, error);
      }
    }),
  );

  sendButton.addEventListener("click", () => {
    const chosen = previewed;
    if (!chosen || sendButton.disabled) return;
    busy(sendButton, "正在发送……", async () => {
      problem.textContent = "";
      /** @type {{ id: string } | null} */
      let created = null;
      await ask({
        title: "确认发出提醒",
        text: `将向 ${chosen.people} 人发出${risk.value === "high" ? "高" : "中"}风险提醒，发出后对方会立即收到，通行卡变为黄色。确认发出吗？`,
        confirmLabel: `确认发出（${chosen.people} 人）`,
        async onConfirm() {
          try {
            created = await api("POST", "/api/exposures", {
              ...JSON.parse(chosen.request),
              idempotencyKey: chosen.key,
            });
          } catch (error) {
            // Said in the dialog, and beside the field of the request it names.
            showFieldProblems(card, error);
            throw error;
          }
        },
      });
      if (!created) return;
      previewed = null;
      preview.replaceChildren();
      follow(/** @type {{ id: string }} */ (created).id);
    }).finally(() => {
      sendButton.disabled = previewed === null;
    });
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
          "aria-label": "发送进度",
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
          : `${STATUS_NAMES[p.status]}：已送达 ${p.delivered} / ${p.total} 人${p.failed ? `，${p.failed} 人没有可通知的账号` : ""}（${percent}%）`;
      if (p.status === "done" || p.status === "withdrawn" || p.status === "pending-confirmation") {
        stream.close();
        loadEvents();
      }
    });
    loadEvents();
  }

  /** @param {string} id */
  const withdraw = (id) =>
    ask({
      title: "撤回提醒",
      text: "撤回后，已收到提醒的人会收到更正消息，通行卡恢复。请写明撤回原因：原因会写进发给居民的更正消息，并记入审计日志，请不要填写他人的姓名、电话等个人信息。",
      confirmLabel: "撤回",
      fields: [
        { name: "reason", label: "撤回原因", input: el("textarea", { rows: "2", maxlength: "200", required: true }) },
      ],
      async onConfirm({ reason }) {
        const done = await api("POST", `/api/exposures/${id}/withdraw`, { reason: reason ?? "" });
        notice.textContent = `已撤回，已向 ${done.corrected} 人发出更正。`;
        await loadEvents();
      },
    });

  /** @param {string} id */
  const clearOne = (id) =>
    ask({
      title: "解除一人的提醒",
      text: "核实后解除这个人在本事件中的提醒，其通行卡恢复。请填写身份证号和原因：原因会写进发给收到提醒者的解除消息，并记入审计日志（身份证号只保存脱敏形式），请不要填写他人的姓名、电话等个人信息。",
      confirmLabel: "解除",
      fields: [
        {
          name: "idNumber",
          label: "身份证号",
          input: el("input", { maxlength: "18", autocomplete: "off", required: true }),
        },
        { name: "reason", label: "原因", input: el("textarea", { rows: "2", maxlength: "200", required: true }) },
      ],
      async onConfirm({ idNumber: number, reason }) {
        const done = await api("POST", `/api/exposures/${id}/clear`, { idNumber: number ?? "", reason: reason ?? "" });
        notice.textContent = done.cleared ? "已解除这个人的提醒。" : "这个人没有这个事件的提醒，无需解除。";
      },
    });

  async function loadEvents() {
    const { exposures } = await api("GET", "/api/exposures?limit=20");
    events.replaceChildren(
      notice,
      table(
        [
          ["发出时间"],
          ["场所与时段"],
          ["等级"],
          ["状态"],
          ["涉及", true],
          ["已送达", true],
          ["未能通知", true],
          ["操作"],
        ],
        exposures.map((e) => {
          /** @type {HTMLButtonElement[]} */
          const actions = [];
          /**
           * @param {string} text
           * @param {string} label
           * @param {() => Promise<unknown>} act
           */
          const action = (text, label, act) => {
            const button = el("button", { type: "button", className: "secondary small", "aria-label": label }, text);
            button.addEventListener("click", () => act().catch((error) => (problem.textContent = message(error))));
            actions.push(button);
          };
          const where = e.places.map((p) => p.venueName).join("、");
          if (e.status === "pending-confirmation") {
            action("确认发送", `确认发送：${where}`, async () => {
              await api("POST", `/api/exposures/${e.id}/confirm`);
              follow(e.id);
            });
          }
          if (e.status !== "withdrawn") {
            action("撤回", `撤回：${where}`, () => withdraw(e.id));
            action("解除一人", `解除一人：${where}`, () => clearOne(e.id));
          }
          return [
            when(e.createdAt),
            el(
              "span",
              { className: "wrap" },
              e.places.map((p) => `${p.venueName} ${when(p.start)}–${when(p.end).slice(-8)}`).join("；"),
            ),
            e.riskLevel === "high" ? "高" : "中",
            STATUS_NAMES[e.status] ?? e.status,
            e.total,
            e.delivered,
            e.failed,
            el("span", { className: "actions" }, actions),
          ];
        }),
      ),
      el(
        "p",
        { className: "muted" },
        "未能通知：没有可通知账号的人，如工作人员代登记、没有手机的访客；他们下次登记时通行状态为黄色。",
      ),
    );
  }
  main.append(card, progress, el("div", { className: "card" }, el("h2", {}, "历史事件"), events));
  loadEvents().catch((error) => events.replaceChildren(el("p", { className: "error" }, message(error))));
}

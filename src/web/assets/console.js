// @ts-check
import { call, el } from "./api.js";

/** The officials' console: statistics, compliance, inspections, exposure events, audit and tickets. */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const RESULT_NAMES = { compliant: "合规", "not-posted": "未张贴场所码", "not-enforced": "未落实扫码查验" };
const STATUS_NAMES = {
  "pending-confirmation": "待第二人确认",
  queued: "排队中",
  sending: "发送中",
  done: "已完成",
  withdrawn: "已撤回",
};
const ROLE_NAMES = { health: "卫健", police: "公安", admin: "管理员" };
let token = sessionStorage.getItem("venue-code:console-token") ?? "";
let official = JSON.parse(sessionStorage.getItem("venue-code:console-official") ?? "null");

const api = (method, path, body) => call(method, path, { token, body });
const message = (error) => (error instanceof Error ? error.message : String(error));
const when = (iso) => new Date(iso).toLocaleString("zh-CN", { hour12: false });
/** The browser's local date and time as YYYY-MM-DDTHH:mm:ss…, what date and time inputs hold. */
const localIso = (date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString();

function table(headers, rows) {
  return el(
    "div",
    { className: "table-wrap" },
    el(
      "table",
      {},
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          headers.map(([text, numeric]) => el("th", { className: numeric ? "num" : "" }, text)),
        ),
      ),
      el(
        "tbody",
        {},
        rows.length
          ? rows.map((cells) =>
              el(
                "tr",
                {},
                cells.map((cell, i) => el("td", { className: headers[i]?.[1] ? "num" : "" }, cell)),
              ),
            )
          : el("tr", {}, el("td", { colspan: headers.length }, "暂无数据")),
      ),
    ),
  );
}

/** Bars of scans per day, drawn as SVG so it needs no chart library. */
function dailyChart(days) {
  const ns = "http://www.w3.org/2000/svg";
  // A narrower drawing on phones keeps its labels readable once scaled to the screen.
  const width = innerWidth < 600 ? 380 : 720;
  const height = innerWidth < 600 ? 220 : 240;
  const left = 48;
  const bottom = 28;
  const max = Math.max(1, ...days.map((d) => d.scans));
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `每日扫码次数，最多 ${max} 次`);
  const add = (tag, attributes, text) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    svg.append(node);
  };
  const slot = (width - left) / days.length;
  add("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: "#8a94a6" });
  add("text", { x: 4, y: 16 }, String(max));
  add("text", { x: 4, y: height - bottom }, "0");
  days.forEach((day, i) => {
    const barHeight = ((height - bottom - 24) * day.scans) / max;
    const x = left + i * slot + slot * 0.15;
    add("rect", { class: "bar", x, y: height - bottom - barHeight, width: slot * 0.7, height: barHeight, rx: 3 });
    if (days.length <= 14 || i % Math.ceil(days.length / 14) === 0) {
      add("text", { x: x + slot * 0.35, y: height - 8, "text-anchor": "middle" }, day.date.slice(5));
    }
    if (day.scans > 0 && days.length <= 14) {
      add(
        "text",
        { x: x + slot * 0.35, y: height - bottom - barHeight - 6, "text-anchor": "middle" },
        String(day.scans),
      );
    }
  });
  return svg;
}

const sections = {
  stats: { title: "统计", roles: ["health", "police", "admin"], render: renderStats },
  compliance: { title: "合规检查", roles: ["police", "admin"], render: renderCompliance },
  inspections: { title: "巡查记录", roles: ["police", "admin"], render: renderInspections },
  exposures: { title: "风险事件", roles: ["health"], render: renderExposures },
  audit: { title: "审计日志", roles: ["admin"], render: renderAudit },
  tickets: { title: "工单", roles: ["admin", "health"], render: renderTickets },
};

function show(name) {
  for (const button of document.querySelectorAll(".tabs button")) {
    button.setAttribute("aria-selected", String(/** @type {HTMLElement} */ (button).dataset.section === name));
  }
  const main = $("section");
  main.replaceChildren();
  sections[name].render(main);
}

function signedIn() {
  $("sign-in").classList.add("hidden");
  $("workspace").classList.remove("hidden");
  $("who").textContent =
    `${official.username}（${ROLE_NAMES[official.role]}${official.regionCode ? ` · ${official.regionCode}` : ""}）`;
  const allowed = Object.entries(sections).filter(([, s]) => s.roles.includes(official.role));
  $("tabs").replaceChildren(
    ...allowed.map(([name, s]) => {
      const button = el("button", { type: "button", "data-section": name, "aria-selected": "false" }, s.title);
      button.addEventListener("click", () => show(name));
      return button;
    }),
  );
  show(allowed[0][0]);
}

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(/** @type {HTMLFormElement} */ (event.target));
  $("sign-in-error").textContent = "";
  try {
    const signed = await call("POST", "/api/auth/login", {
      body: { username: data.get("username"), password: data.get("password") },
    });
    token = signed.token;
    official = signed.official;
    sessionStorage.setItem("venue-code:console-token", token);
    sessionStorage.setItem("venue-code:console-official", JSON.stringify(official));
    signedIn();
  } catch (error) {
    $("sign-in-error").textContent = message(error);
  }
});
$("sign-out").addEventListener("click", () => {
  sessionStorage.clear();
  location.reload();
});

function field(label, input, hint) {
  const id = `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  return el(
    "div",
    { className: "field" },
    el("label", { for: id }, label),
    input,
    hint ? el("span", { className: "hint" }, hint) : null,
  );
}

function renderStats(main) {
  const today = new Date();
  const from = el("input", {
    type: "date",
    name: "from",
    value: localIso(new Date(today.getTime() - 6 * 86_400_000)).slice(0, 10),
  });
  const to = el("input", { type: "date", name: "to", value: localIso(today).slice(0, 10) });
  const groupBy = el(
    "select",
    { name: "groupBy" },
    el("option", { value: "region" }, "按区域"),
    el("option", { value: "category" }, "按类别"),
  );
  const problem = el("p", { className: "error", role: "alert" });
  const output = el("div", {});
  const query = () => `from=${from.value}&to=${to.value}`;
  const load = async () => {
    problem.textContent = "";
    try {
      const [venues, daily] = await Promise.all([
        api("GET", `/api/stats/venues?groupBy=${groupBy.value}&${query()}`),
        api("GET", `/api/stats/scans/daily?${query()}`),
      ]);
      const sum = (key) => venues.rows.reduce((total, row) => total + row[key], 0);
      output.replaceChildren(
        el(
          "div",
          { className: "figures" },
          el("div", { className: "figure" }, "已注册场所", el("b", {}, sum("venues"))),
          el("div", { className: "figure" }, "24小时内有扫码", el("b", {}, sum("activeVenues"))),
          el("div", { className: "figure" }, "期间扫码次数", el("b", {}, sum("scans"))),
        ),
        el("h2", {}, "每日扫码次数"),
        dailyChart(daily.days),
        el("h2", {}, groupBy.value === "region" ? "分区域统计" : "分类别统计"),
        table(
          [
            [groupBy.value === "region" ? "区域" : "类别"],
            ["已注册场所", true],
            ["24小时内有扫码", true],
            ["扫码次数", true],
          ],
          venues.rows.map((r) => [r.name, r.venues, r.activeVenues, r.scans]),
        ),
      );
    } catch (error) {
      problem.textContent = message(error);
    }
  };
  const exportCsv = el("button", { type: "button", className: "secondary" }, "导出 CSV");
  exportCsv.addEventListener("click", async () => {
    const response = await fetch(`/api/stats/venues?groupBy=${groupBy.value}&${query()}&format=csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      problem.textContent = "导出失败，请稍后再试。";
      return;
    }
    const link = el("a", {
      href: URL.createObjectURL(await response.blob()),
      download: `场所统计-${from.value}-${to.value}.csv`,
    });
    link.click();
  });
  const form = el(
    "form",
    { className: "row" },
    field("开始日期", from),
    field("结束日期", to),
    field("分组", groupBy),
    el("button", { type: "submit" }, "查询"),
    exportCsv,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  main.append(el("div", { className: "card" }, el("h2", {}, "场所与扫码统计"), form, problem, output));
  load();
}

function renderCompliance(main) {
  const hours = el("input", { type: "number", min: "1", max: "720", value: "24", name: "hours" });
  const problem = el("p", { className: "error", role: "alert" });
  const output = el("div", {});
  const form = el(
    "form",
    { className: "row" },
    field("多少小时无扫码", hours),
    el("button", { type: "submit" }, "查询"),
  );
  const load = async () => {
    problem.textContent = "";
    try {
      const found = await api("GET", `/api/compliance/inactive-venues?hours=${hours.value}`);
      output.replaceChildren(
        el("p", {}, `共 ${found.total} 个场所在 ${found.hours} 小时内没有扫码记录，可能未张贴或未落实查验。`),
        table(
          [["场所"], ["类别"], ["区域"], ["地址"], ["联系电话"]],
          found.venues.map((v) => [v.name, v.categoryName, v.regionName, v.address, v.contactPhone]),
        ),
      );
    } catch (error) {
      problem.textContent = message(error);
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  main.append(el("div", { className: "card" }, el("h2", {}, "长时间无扫码的场所"), form, problem, output));
  load();
}

function renderInspections(main) {
  const list = el("div", {});
  const load = async () => {
    const { inspections } = await api("GET", "/api/inspections");
    list.replaceChildren(
      table(
        [["时间"], ["场所"], ["区域"], ["结果"], ["当场整改"], ["罚款（元）", true], ["检查人"]],
        inspections.map((i) => [
          when(i.at),
          i.venueName,
          i.regionName,
          RESULT_NAMES[i.result],
          i.rectifiedOnSite ? "是" : "否",
          i.fineYuan ?? "—",
          i.inspector,
        ]),
      ),
    );
  };
  if (official.role === "police") {
    const venueId = el("input", { name: "venueId", required: true, autocomplete: "off" });
    const result = el(
      "select",
      { name: "result" },
      Object.entries(RESULT_NAMES).map(([v, t]) => el("option", { value: v }, t)),
    );
    const fine = el("input", { type: "number", min: "0", name: "fineYuan" });
    const note = el("textarea", { name: "note", rows: "2", maxlength: "500" });
    const rectified = el("input", { type: "checkbox", name: "rectifiedOnSite", id: "rectified" });
    const problem = el("p", { className: "error", role: "alert" });
    const form = el(
      "form",
      { className: "stack" },
      field("场所编号", venueId, "场所码海报下方或合规列表中的编号"),
      field("检查结果", result),
      el("div", { className: "checkbox" }, rectified, el("label", { for: "rectified" }, "已当场整改")),
      field("罚款金额（元，可不填）", fine),
      field("备注", note),
      problem,
      el("button", { type: "submit" }, "保存巡查记录"),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      problem.textContent = "";
      try {
        await api("POST", "/api/inspections", {
          venueId: venueId.value.trim(),
          result: result.value,
          rectifiedOnSite: rectified.checked,
          ...(fine.value ? { fineYuan: Number(fine.value) } : {}),
          note: note.value,
        });
        form.reset();
        await load();
      } catch (error) {
        problem.textContent = message(error);
      }
    });
    main.append(el("div", { className: "card" }, el("h2", {}, "记录一次巡查"), form));
  }
  main.append(el("div", { className: "card" }, el("h2", {}, "巡查记录"), list));
  load().catch((error) => list.replaceChildren(el("p", { className: "error" }, message(error))));
}

function renderExposures(main) {
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
  });
  const previewButton = el("button", { type: "button", className: "secondary" }, "预览影响人数");
  const sendButton = el("button", { type: "submit" }, "发出提醒");
  previewButton.addEventListener("click", async () => {
    problem.textContent = "";
    try {
      const found = await api("POST", "/api/exposures/preview", body());
      preview.replaceChildren(
        el("p", {}, `将提醒 ${found.people} 人（${found.visits} 次到访）。`),
        table(
          [["场所"], ["人数", true], ["到访", true]],
          found.byVenue.map((v) => [v.venueName, v.people, v.visits]),
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
    const stream = new EventSource(`/api/exposures/${id}/stream?access_token=${encodeURIComponent(token)}`);
    stream.addEventListener("progress", (event) => {
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
            STATUS_NAMES[e.status],
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

function renderAudit(main) {
  const list = el("div", {});
  main.append(el("div", { className: "card" }, el("h2", {}, "审计日志：谁在何时查询了什么"), list));
  api("GET", "/api/audit?limit=200")
    .then(({ records }) =>
      list.replaceChildren(
        table(
          [["时间"], ["人员"], ["操作"], ["查询内容"], ["涉及人数", true]],
          records.map((r) => [when(r.at), r.username, r.action, JSON.stringify(r.query), r.peopleTouched]),
        ),
      ),
    )
    .catch((error) => list.replaceChildren(el("p", { className: "error" }, message(error))));
}

function renderTickets(main) {
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

if (token && official) signedIn();

// @ts-check
import { clearFieldProblems, el, message, showFieldProblems } from "./api.js";
import { api, field, localIso, session, table } from "./console-kit.js";

/** @typedef {import("../../../miniprogram/typings/api").DailyScans["days"]} Days */

/**
 * Bars of scans per day, drawn as SVG so it needs no chart library.
 * @param {Days} days
 */
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
  /**
   * @param {string} tag
   * @param {Record<string, string | number>} attributes
   * @param {string} [text]
   */
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

/**
 * Statistics by district or category over a date range, with a chart of daily scans and a CSV export.
 * @param {HTMLElement} main
 */
export function renderStats(main) {
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
    clearFieldProblems(form);
    try {
      const [venues, daily] = await Promise.all([
        api("GET", `/api/stats/venues?groupBy=${groupBy.value}&${query()}`),
        api("GET", `/api/stats/scans/daily?${query()}`),
      ]);
      /** @param {"venues" | "activeVenues" | "scans"} key */
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
      showFieldProblems(form, error);
    }
  };
  const exportCsv = el("button", { type: "button", className: "secondary" }, "导出 CSV");
  exportCsv.addEventListener("click", async () => {
    const response = await fetch(`/api/stats/venues?groupBy=${groupBy.value}&${query()}&format=csv`, {
      headers: { authorization: `Bearer ${session.token}` },
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

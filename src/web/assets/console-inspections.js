// @ts-check
import { el, message } from "./api.js";
import { api, ask, session, table, venuePicker, when } from "./console-kit.js";

/** @type {Record<string, string>} */
export const RESULT_NAMES = { compliant: "合规", "not-posted": "未张贴场所码", "not-enforced": "未落实扫码查验" };

/**
 * Asks a police officer for the result of an inspection of `venue` and records it.
 * @param {{ id: string, name: string }} venue
 * @param {(saved: string) => void} onSaved told what was recorded, in words
 */
export function recordInspection(venue, onSaved) {
  return ask({
    title: `记录巡查：${venue.name}`,
    text: "填写本次现场检查的结果。罚款依据《治安管理处罚法》第五十条，首次一般为200元。",
    confirmLabel: "保存巡查记录",
    fields: [
      {
        name: "result",
        label: "检查结果",
        input: el(
          "select",
          {},
          Object.entries(RESULT_NAMES).map(([value, text]) => el("option", { value }, text)),
        ),
      },
      { name: "rectifiedOnSite", label: "已当场整改", input: el("input", { type: "checkbox" }) },
      {
        name: "fineYuan",
        label: "罚款金额（元，可不填）",
        input: el("input", { type: "number", min: "0", max: "100000" }),
      },
      { name: "note", label: "备注（可不填）", input: el("textarea", { rows: "2", maxlength: "500" }) },
    ],
    async onConfirm({ result, rectifiedOnSite, fineYuan, note }) {
      const saved = await api("POST", "/api/inspections", {
        venueId: venue.id,
        result,
        rectifiedOnSite: rectifiedOnSite === "true",
        ...(fineYuan ? { fineYuan: Number(fineYuan) } : {}),
        ...(note ? { note } : {}),
      });
      onSaved(`已记录：${saved.venueName}，${RESULT_NAMES[saved.result] ?? saved.result}（${when(saved.at)}）。`);
    },
  });
}

/**
 * Police inspections: find a venue and record one (police), and the list.
 * @param {HTMLElement} main
 */
export function renderInspections(main) {
  const list = el("div", {});
  const notice = el("p", { className: "ok", role: "status" });
  const load = async () => {
    const { inspections } = await api("GET", "/api/inspections");
    list.replaceChildren(
      table(
        [["时间"], ["场所"], ["区域"], ["结果"], ["当场整改"], ["罚款（元）", true], ["检查人"]],
        inspections.map((i) => [
          when(i.at),
          i.venueName,
          i.regionName,
          RESULT_NAMES[i.result] ?? i.result,
          i.rectifiedOnSite ? "是" : "否",
          i.fineYuan ?? "—",
          i.inspector,
        ]),
      ),
    );
  };
  if (session.official?.role === "police") {
    const picker = venuePicker({
      pickLabel: "记录巡查",
      onPick: (venue) =>
        recordInspection(venue, (saved) => {
          notice.textContent = saved;
          load().catch(() => {});
        }),
    });
    main.append(
      el(
        "div",
        { className: "card" },
        el("h2", {}, "记录一次巡查"),
        el(
          "p",
          { className: "muted" },
          "按场所名称、地址、区域或类别查找场所，再点“记录巡查”。也可在“合规检查”列表中直接记录。",
        ),
        picker,
        notice,
      ),
    );
  }
  main.append(el("div", { className: "card" }, el("h2", {}, "巡查记录"), list));
  load().catch((error) => list.replaceChildren(el("p", { className: "error" }, message(error))));
}

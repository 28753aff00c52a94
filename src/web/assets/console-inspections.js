// @ts-check
import { el, message } from "./api.js";
import { api, field, session, table, when } from "./console-kit.js";

/** @type {Record<string, string>} */
const RESULT_NAMES = { compliant: "合规", "not-posted": "未张贴场所码", "not-enforced": "未落实扫码查验" };

/**
 * Police inspections: the form to record one (police), and the list.
 * @param {HTMLElement} main
 */
export function renderInspections(main) {
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
          RESULT_NAMES[i.result] ?? i.result,
          i.rectifiedOnSite ? "是" : "否",
          i.fineYuan ?? "—",
          i.inspector,
        ]),
      ),
    );
  };
  if (session.official?.role === "police") {
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

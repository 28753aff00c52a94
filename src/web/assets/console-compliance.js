// @ts-check
import { clearFieldProblems, el, message, showFieldProblems } from "./api.js";
import { recordInspection } from "./console-inspections.js";
import { api, field, referenceSelect, session, table, when } from "./console-kit.js";

/**
 * Registered venues without a scan in the last hours, by district and category: where police look
 * first. Each row has the venue's id, its last scan and its phone (whole, to call it; the look-up is
 * audited), and police record an inspection straight from the row.
 * @param {HTMLElement} main
 */
export function renderCompliance(main) {
  const hours = el("input", { type: "number", min: "1", max: "720", value: "24", name: "hours" });
  const region = referenceSelect("region");
  const category = referenceSelect("category");
  const problem = el("p", { className: "error", role: "alert" });
  const notice = el("p", { className: "ok", role: "status" });
  const output = el("div", {});
  const police = session.official?.role === "police";
  const form = el(
    "form",
    { className: "row" },
    field("多少小时无扫码", hours),
    field("区域", region),
    field("类别", category),
    el("button", { type: "submit" }, "查询"),
  );
  const load = async () => {
    problem.textContent = "";
    clearFieldProblems(form);
    const query = new URLSearchParams({ hours: hours.value });
    if (region.value) query.set("region", region.value);
    if (category.value) query.set("category", category.value);
    try {
      const found = await api("GET", `/api/compliance/inactive-venues?${query}`);
      output.replaceChildren(
        el("p", {}, `共 ${found.total} 个场所在 ${found.hours} 小时内没有扫码记录，可能未张贴或未落实查验。`),
        table(
          [
            ["场所"],
            ["场所编号"],
            ["类别"],
            ["区域"],
            ["地址"],
            ["联系电话"],
            ["最后扫码"],
            ...(police ? [/** @type {[string]} */ (["操作"])] : []),
          ],
          found.venues.map((v) => {
            const inspect = el(
              "button",
              { type: "button", className: "small", "aria-label": `记录巡查：${v.name}` },
              "记录巡查",
            );
            inspect.addEventListener("click", () =>
              recordInspection(v, (saved) => {
                notice.textContent = saved;
              }),
            );
            return [
              el("span", { className: "wrap" }, v.name),
              el("code", { className: "venue-id" }, v.id),
              v.categoryName,
              v.regionName,
              el("span", { className: "wrap" }, v.address),
              el("a", { href: `tel:${v.contactPhone}` }, v.contactPhone),
              v.lastScanAt ? when(v.lastScanAt) : "保存期内无记录",
              ...(police ? [inspect] : []),
            ];
          }),
        ),
      );
    } catch (error) {
      problem.textContent = message(error);
      showFieldProblems(form, error);
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  main.append(el("div", { className: "card" }, el("h2", {}, "长时间无扫码的场所"), form, problem, notice, output));
  load();
}

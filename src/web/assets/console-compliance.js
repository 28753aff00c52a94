// @ts-check
import { el, message } from "./api.js";
import { api, field, table } from "./console-kit.js";

/**
 * Registered venues without a scan in the last hours: where police look first.
 * @param {HTMLElement} main
 */
export function renderCompliance(main) {
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

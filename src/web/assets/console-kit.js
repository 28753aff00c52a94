// @ts-check
import { call, clearFieldProblems, el, message, showFieldProblems } from "./api.js";

/**
 * What every section of the officials' console shares: the signed-in official, the API called on
 * their behalf, and the table and form pieces sections are built from.
 */

/** @typedef {import("../../../miniprogram/typings/api").OfficialSignIn["official"]} Official */

export const session = {
  token: sessionStorage.getItem("venue-code:console-token") ?? "",
  /** @type {Official | null} */
  official: JSON.parse(sessionStorage.getItem("venue-code:console-official") ?? "null"),
  /** What the console does when the API says the sign-in has expired (console.js sets it). */
  onExpired: () => {},
};

/**
 * The API as the signed-in official.
 * @type {import("../../../miniprogram/typings/api").ApiCall}
 */
export const api = (method, path, body) =>
  untypedCall(method, path, { token: session.token, body }).catch((error) => {
    if (error?.status === 401) session.onExpired();
    throw error;
  });

/** `call` once its route is chosen by `api`'s own signature (its overloads cannot be forwarded one by one). */
const untypedCall = /** @type {(method: string, path: string, options: object) => Promise<never>} */ (
  /** @type {unknown} */ (call)
);

/** @param {string} iso a time as the API gives it, as people in China read it (China time, whatever the browser's zone) */
export const when = (iso) => new Date(iso).toLocaleString("zh-CN", { hour12: false, timeZone: "Asia/Shanghai" });

/** A random key of 32 hex digits (crypto.randomUUID needs a secure context; this does not). */
export function randomKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Runs `work` with the button busy: disabled, aria-busy, its label saying so; a second click while
 * it runs does nothing.
 * @template T
 * @param {HTMLButtonElement} button
 * @param {string} busyLabel
 * @param {() => Promise<T>} work
 * @returns {Promise<T | undefined>}
 */
export async function busy(button, busyLabel, work) {
  if (button.disabled) return undefined;
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  button.textContent = busyLabel;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.textContent = label;
  }
}

/**
 * A modal question: a title, a text, optional fields; resolves with the fields' values when
 * confirmed, null when cancelled. The confirm button is busy while `onConfirm` runs; an error it
 * throws is shown in the dialog, which stays open.
 * @param {{ title: string, text: string, confirmLabel: string, fields?: { name: string, label: string, input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement }[], onConfirm: (values: Record<string, string>) => Promise<void> }} options
 */
export function ask({ title, text, confirmLabel, fields = [], onConfirm }) {
  const titleId = `d-${randomKey().slice(0, 8)}`;
  const problem = el("p", { className: "error", role: "alert" });
  const confirm = el("button", { type: "submit" }, confirmLabel);
  const cancel = el("button", { type: "button", className: "secondary" }, "取消");
  const form = el(
    "form",
    { className: "stack", method: "dialog" },
    el("h2", { id: titleId }, title),
    el("p", { className: "dialog__text" }, text),
    fields.map((f) => {
      f.input.name = f.name;
      if (f.input instanceof HTMLInputElement && f.input.type === "checkbox") {
        f.input.id = `${titleId}-${f.name}`;
        return el("div", { className: "checkbox" }, f.input, el("label", { for: f.input.id }, f.label));
      }
      return field(f.label, f.input);
    }),
    problem,
    el("div", { className: "row" }, confirm, cancel),
  );
  const dialog = el("dialog", { className: "dialog", "aria-labelledby": titleId }, form);
  document.body.append(dialog);
  /** @type {Promise<boolean>} */
  const answered = new Promise((resolve) => {
    const close = (/** @type {boolean} */ done) => {
      dialog.close();
      dialog.remove();
      resolve(done);
    };
    cancel.addEventListener("click", () => close(false));
    dialog.addEventListener("cancel", () => close(false));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      problem.textContent = "";
      clearFieldProblems(form);
      /** @type {Record<string, string>} */
      const values = Object.fromEntries(
        fields.map((f) => [
          f.name,
          f.input instanceof HTMLInputElement && f.input.type === "checkbox"
            ? String(f.input.checked)
            : f.input.value.trim(),
        ]),
      );
      busy(confirm, "正在处理……", () => onConfirm(values))
        .then(() => close(true))
        .catch((error) => {
          problem.textContent = message(error);
          showFieldProblems(form, error);
        });
    });
  });
  dialog.showModal();
  return answered;
}

/** @type {Promise<{ regions: { code: string, name: string }[], categories: { id: string, name: string }[] }> | undefined} */
let referenceLists;
/** The districts and categories, fetched once. */
export function references() {
  referenceLists ??= Promise.all([api("GET", "/api/regions"), api("GET", "/api/venue-categories")]).then(
    ([regions, categories]) => ({ regions: regions.regions, categories: categories.categories }),
  );
  return referenceLists;
}

/**
 * A select of the districts (or categories), "all" first.
 * @param {"region" | "category"} kind
 */
export function referenceSelect(kind) {
  const select = el("select", { name: kind }, el("option", { value: "" }, kind === "region" ? "全部区域" : "全部类别"));
  references()
    .then((lists) => {
      const options =
        kind === "region"
          ? lists.regions.map((r) => ({ value: r.code, text: r.name }))
          : lists.categories.map((c) => ({ value: c.id, text: c.name }));
      select.append(...options.map((o) => el("option", { value: o.value }, o.text)));
      if (kind === "region" && session.official?.regionCode) {
        select.value = session.official.regionCode;
        select.disabled = true;
      }
    })
    .catch(() => {});
  return select;
}

/** @typedef {import("../../../miniprogram/typings/api").VenueSearch["venues"][number]} FoundVenue */

/**
 * Finds a venue by part of its name or address, district and category, a page at a time; `onPick`
 * gets the venue chosen.
 * @param {{ pickLabel: string, onPick: (venue: FoundVenue) => void }} options
 */
export function venuePicker({ pickLabel, onPick }) {
  const q = el("input", { name: "q", maxlength: "40", autocomplete: "off", placeholder: "如：理发、人民路" });
  const region = referenceSelect("region");
  const category = referenceSelect("category");
  const results = el("div", { "aria-live": "polite" });
  const problem = el("p", { className: "error", role: "alert" });
  const search = el("button", { type: "submit", className: "secondary" }, "查找场所");
  let page = 1;
  const PER_PAGE = 8;
  const load = async () => {
    problem.textContent = "";
    clearFieldProblems(form);
    const query = new URLSearchParams({ q: q.value.trim(), page: String(page), perPage: String(PER_PAGE) });
    if (region.value) query.set("region", region.value);
    if (category.value) query.set("category", category.value);
    try {
      const found = await api("GET", `/api/venue-search?${query}`);
      const pages = Math.max(1, Math.ceil(found.total / found.perPage));
      const previous = el("button", { type: "button", className: "secondary", disabled: page <= 1 }, "上一页");
      const next = el("button", { type: "button", className: "secondary", disabled: page >= pages }, "下一页");
      previous.addEventListener("click", () => {
        page--;
        load();
      });
      next.addEventListener("click", () => {
        page++;
        load();
      });
      const paging = found.total > found.perPage ? [el("div", { className: "row" }, previous, next)] : [];
      results.replaceChildren(
        el("p", { className: "muted" }, `找到 ${found.total} 个场所（第 ${page} / ${pages} 页）`),
        el(
          "ul",
          { className: "picks" },
          found.venues.map((venue) => {
            const pick = el("button", { type: "button", "aria-label": `${pickLabel}：${venue.name}` }, pickLabel);
            pick.addEventListener("click", () => onPick(venue));
            return el(
              "li",
              {},
              el(
                "span",
                { className: "picks__venue" },
                el("b", {}, venue.name),
                el("span", { className: "muted" }, `${venue.regionName} · ${venue.categoryName} · ${venue.address}`),
              ),
              pick,
            );
          }),
        ),
        ...paging,
      );
    } catch (error) {
      problem.textContent = message(error);
      showFieldProblems(form, error);
    }
  };
  const form = el(
    "form",
    { className: "row picker", role: "search" },
    field("场所名称或地址", q),
    field("区域", region),
    field("类别", category),
    search,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    page = 1;
    busy(search, "正在查找……", load);
  });
  return el("div", { className: "picker-wrap" }, form, problem, results);
}

/**
 * The browser's local date and time as YYYY-MM-DDTHH:mm:ss…, what date and time inputs hold.
 * @param {Date} date
 */
export const localIso = (date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString();

/** @typedef {Node | string | number} Cell */

/**
 * A table in a wrapper that scrolls sideways when it must (and can then be scrolled from the
 * keyboard); `headers` are [title, numeric?] pairs. With `fixed` column widths (percentages) the
 * table fits its container and long cells wrap instead.
 * @param {[string, boolean?][]} headers
 * @param {Cell[][]} rows
 * @param {{ fixed?: number[] }} [options]
 */
export function table(headers, rows, options = {}) {
  return el(
    "div",
    { className: "table-wrap", tabindex: "0", role: "region", "aria-label": "表格（可左右滚动）" },
    el(
      "table",
      { className: options.fixed ? "fixed" : "" },
      options.fixed
        ? el(
            "colgroup",
            {},
            // Set through the style object: the pages' CSP refuses style attributes written in markup.
            options.fixed.map((width) => Object.assign(el("col"), { style: `width: ${width}%` })),
          )
        : null,
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

/**
 * A labelled form field with an optional hint.
 * @param {string} label
 * @param {HTMLElement} input
 * @param {string} [hint]
 */
export function field(label, input, hint) {
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

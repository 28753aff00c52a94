// @ts-check
import { call, el } from "./api.js";

/**
 * What every section of the officials' console shares: the signed-in official, the API called on
 * their behalf, and the table and form pieces sections are built from.
 */

/** @typedef {import("../../../miniprogram/typings/api").OfficialSignIn["official"]} Official */

export const session = {
  token: sessionStorage.getItem("venue-code:console-token") ?? "",
  /** @type {Official | null} */
  official: JSON.parse(sessionStorage.getItem("venue-code:console-official") ?? "null"),
};

/**
 * The API as the signed-in official.
 * @type {import("../../../miniprogram/typings/api").ApiCall}
 */
export const api = (method, path, body) => untypedCall(method, path, { token: session.token, body });

/** `call` once its route is chosen by `api`'s own signature (its overloads cannot be forwarded one by one). */
const untypedCall = /** @type {(method: string, path: string, options: object) => Promise<never>} */ (
  /** @type {unknown} */ (call)
);

/** @param {string} iso a time as the API gives it, as people in China read it */
export const when = (iso) => new Date(iso).toLocaleString("zh-CN", { hour12: false });

/**
 * The browser's local date and time as YYYY-MM-DDTHH:mm:ss…, what date and time inputs hold.
 * @param {Date} date
 */
export const localIso = (date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString();

/** @typedef {Node | string | number} Cell */

/**
 * A table in a scrolling wrapper; `headers` are [title, numeric?] pairs.
 * @param {[string, boolean?][]} headers
 * @param {Cell[][]} rows
 */
export function table(headers, rows) {
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

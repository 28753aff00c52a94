// @ts-check
/**
 * Calls the venue-code API; throws an Error whose message is the Chinese explanation for people.
 * Typed by route from the contracts (miniprogram/typings/api.d.ts), so a page reading a field its
 * route does not send fails the type check.
 * @type {import("../../../miniprogram/typings/api").WebApiCall}
 */
export const call = async (method, path, { token, body } = {}) => {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    // The browser's own message ("Failed to fetch") is English and says nothing to people.
    throw Object.assign(new Error("网络不通，请检查网络后重试。"), { status: 0, details: [] });
  }
  const type = response.headers.get("content-type") ?? "";
  const data = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const error = new Error(data?.error?.userMessage ?? "服务暂时不可用，请稍后再试。");
    Object.assign(error, {
      status: response.status,
      details: data?.error?.details ?? [],
      field: data?.error?.field ?? "",
    });
    throw error;
  }
  return data;
};

/**
 * Creates an element with attributes and children (strings become text, never markup).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number | boolean | null | undefined>} [attributes]
 * @param {...(Node | string | number | null | undefined | false | (Node | string | number | null | undefined | false)[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === undefined || value === null) continue;
    if (name === "className") node.className = String(value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** @param {unknown} error the Chinese message of an error, to show next to what failed */
export const message = (error) => (error instanceof Error ? error.message : String(error));

/**
 * The fields a refusal names, each with its Chinese message: every detail with a path, and the
 * error's first refused field (error.field) with the whole message if no detail named it.
 * @param {unknown} error
 * @returns {Map<string, string>}
 */
function refusedFields(error) {
  /** @type {Map<string, string>} */
  const fields = new Map();
  if (!(error instanceof Error)) return fields;
  const { details, field } = /** @type {{ details?: { path?: string, userMessage?: string }[], field?: string }} */ (
    error
  );
  for (const detail of details ?? []) {
    if (detail.path && !fields.has(detail.path)) fields.set(detail.path, detail.userMessage || error.message);
  }
  if (field && !fields.has(field)) fields.set(field, error.message);
  return fields;
}

/**
 * Takes away the field messages `showFieldProblems` put in `scope`, and the marks on their controls.
 * @param {ParentNode} scope
 */
export function clearFieldProblems(scope) {
  for (const note of scope.querySelectorAll(".field-error")) note.remove();
  for (const control of scope.querySelectorAll("[aria-invalid]")) {
    control.removeAttribute("aria-invalid");
    const kept = (control.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .filter((id) => id && !id.startsWith("fe-"));
    if (kept.length) control.setAttribute("aria-describedby", kept.join(" "));
    else control.removeAttribute("aria-describedby");
  }
}

/**
 * Shows the server's Chinese message beside each field a refusal names ("手机号：请填写11位手机号码"):
 * the control in `scope` whose name is the field's path (places.0.end, case.idNumber, reason) is
 * marked aria-invalid and described by the message, which stands under it. Earlier messages are
 * cleared first. Answers whether any field was found, so a caller can tell whether the message at
 * the top is all there is.
 * @param {ParentNode} scope
 * @param {unknown} error
 * @returns {boolean}
 */
export function showFieldProblems(scope, error) {
  clearFieldProblems(scope);
  let shown = false;
  for (const [path, text] of refusedFields(error)) {
    const control = [...scope.querySelectorAll("[name]")].find((node) => node.getAttribute("name") === path);
    if (!(control instanceof HTMLElement)) continue;
    const id = `fe-${Math.random().toString(36).slice(2, 9)}`;
    const note = el("p", { className: "field-error", id }, text);
    const wrapper = control.closest(".field");
    if (wrapper) wrapper.append(note);
    else control.after(note);
    control.setAttribute("aria-invalid", "true");
    const described = control.getAttribute("aria-describedby");
    control.setAttribute("aria-describedby", described ? `${described} ${id}` : id);
    if (!shown) control.focus({ preventScroll: false });
    shown = true;
  }
  return shown;
}

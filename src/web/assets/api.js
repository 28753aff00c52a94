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
    Object.assign(error, { status: response.status, details: data?.error?.details ?? [] });
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

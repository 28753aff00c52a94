/**
 * The API client: wx.request with the resident's token, signing in through wx.login when there is
 * no token or it expired. Errors carry the server's Chinese explanation (userMessage) and the
 * fields it named.
 */
const config = require("./config.js");

const TOKEN_KEY = "venue-code:token";

class ApiError extends Error {
  /**
   * @param {string} message the Chinese explanation to show
   * @param {number} status
   * @param {{path: string, message: string, userMessage?: string}[]} details each refused field, with
   *   its Chinese message (userMessage) when the server gave one
   * @param {string} [code] the API's error code, e.g. IDENTITY_IN_USE
   * @param {string} [field] the first refused field (VALIDATION_FAILED), for the form to show the message beside it
   */
  constructor(message, status, details, code = "", field = "") {
    super(message);
    this.status = status;
    this.details = details;
    this.code = code;
    this.field = field;
  }
}

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} data
 * @param {string} [token]
 * @returns {Promise<{statusCode: number, data: any}>}
 */
function send(method, path, data, token) {
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${config.apiBase}${path}`,
      method: /** @type {"GET" | "POST" | "PUT" | "DELETE"} */ (method),
      data: /** @type {any} */ (data),
      header: token ? { Authorization: `Bearer ${token}` } : {},
      success: resolve,
      fail: () => reject(new ApiError("网络不通，请检查网络后重试。", 0, [])),
    });
  });
}

/** @returns {Promise<string>} a fresh token from a wx.login code */
function signIn() {
  return new Promise((resolve, reject) => {
    wx.login({
      success: async ({ code }) => {
        try {
          const response = await send("POST", "/api/auth/wechat", { code });
          if (response.statusCode !== 200) throw failure(response);
          wx.setStorageSync(TOKEN_KEY, response.data.token);
          resolve(response.data.token);
        } catch (error) {
          reject(error);
        }
      },
      fail: () => reject(new ApiError("微信登录失败，请稍后再试。", 0, [])),
    });
  });
}

/** @param {{statusCode: number, data: any}} response */
function failure(response) {
  const error = response.data?.error || {};
  const details = Array.isArray(error.details) ? error.details : [];
  return new ApiError(
    error.userMessage || "服务暂时不可用，请稍后再试。",
    response.statusCode,
    details,
    error.code || "",
    error.field || "",
  );
}

/**
 * Calls the API as the signed-in resident; signs in first if needed, and once more if the token
 * was refused (expired). Typed by route from the contracts (typings/api.d.ts): a page reading a
 * field its route does not send fails the type check.
 * @type {import("../typings/api").ApiCall}
 */
const call = async (method, path, data) => {
  let token = wx.getStorageSync(TOKEN_KEY) || (await signIn());
  let response = await send(method, path, data, token);
  if (response.statusCode === 401) {
    token = await signIn();
    response = await send(method, path, data, token);
  }
  if (response.statusCode >= 400) throw failure(response);
  return response.data;
};

/**
 * What went wrong, in words for people (the server's Chinese explanation when there is one).
 * @param {unknown} error
 */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

module.exports = { call, signIn, ApiError, TOKEN_KEY, messageOf };

import { UnauthenticatedError, UpstreamError } from "../errors.js";

const TIMEOUT_MS = 5000;

/**
 * Exchanges a mini-program login code (wx.login) for the user's openid through WeChat's
 * `jscode2session` endpoint.
 */
export async function exchangeLoginCode(options: {
  apiBase: string;
  appId: string;
  secret: string;
  code: string;
}): Promise<{ openid: string; unionid?: string }> {
  const url = new URL(`${options.apiBase}/sns/jscode2session`);
  url.search = new URLSearchParams({
    appid: options.appId,
    secret: options.secret,
    js_code: options.code,
    grant_type: "authorization_code",
  }).toString();
  let body: { openid?: string; unionid?: string; errcode?: number; errmsg?: string };
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    body = (await response.json()) as typeof body;
  } catch (error) {
    throw new UpstreamError(`WeChat jscode2session did not answer: ${(error as Error).message}`);
  }
  if (body.errcode || !body.openid) {
    throw new UnauthenticatedError(`WeChat rejected the login code (errcode ${body.errcode ?? "none"})`);
  }
  return { openid: body.openid, ...(body.unionid ? { unionid: body.unionid } : {}) };
}

import type { Context, Next } from "koa";
import type { TokenService } from "../auth/tokens.js";
import { UnauthenticatedError } from "../errors.js";

/**
 * Reads `Authorization: Bearer <token>` into ctx.state.principal. No header leaves the request
 * anonymous (routes decide whether that is allowed); a bad or expired token is a 401 at once.
 */
export function authenticate(tokens: TokenService) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const header = ctx.get("Authorization");
    if (header) {
      const match = /^Bearer ([A-Za-z0-9._-]{10,2048})$/.exec(header);
      if (!match?.[1]) throw new UnauthenticatedError("Send the token as: Authorization: Bearer <token>");
      ctx.state.principal = await tokens.verify(match[1]);
    }
    await next();
  };
}

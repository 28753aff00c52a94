import type { Context, Next } from "koa";
import { MethodNotAllowedError, NotFoundError } from "../errors.js";

/** Anything no route answered is a 404 (or 405) in the error shape, not Koa's plain-text default. */
export async function notFound(ctx: Context, next: Next): Promise<void> {
  await next();
  if (ctx.status === 404 && ctx.body === undefined) {
    throw new NotFoundError(`No route for ${ctx.method} ${ctx.path}`, "您访问的地址不存在。", "ROUTE_NOT_FOUND");
  }
  if (ctx.status === 405 && !ctx.body) throw new MethodNotAllowedError(ctx.method, ctx.path);
}

import Router from "@koa/router";
import { RateLimitedError } from "../errors.js";
import type { Services } from "../services.js";
import { posterHtml, posterPng } from "../venues/printables.js";
import { isAuthenticVenueCode } from "./codes.js";
import { invalidVenueCode, revokedVenueCode } from "./errors.js";

/** Public posters one address may fetch in a minute (a print shop, not a crawler). */
const POSTERS_PER_MINUTE = 30;

import { lookUpVenueCode } from "./lookup.js";

/** GET /api/venue-codes/:code — what a scanned code is: an active venue, a revoked code, or a forgery. */
export function venueCodeRoutes(services: Services): Router {
  const { config, venues, venueCache, rateLimits } = services;
  const router = new Router({ prefix: "/api/venue-codes" });
  router.get("/:code", async (ctx) => {
    const found = await lookUpVenueCode(services, ctx.params.code);
    if (found.status === "invalid") throw invalidVenueCode();
    ctx.body = found;
  });
  /**
   * The printable poster of an active code. It shows only what hangs on the door anyway, so it is
   * public: the bot can send an owner a link they open without signing in.
   */
  async function posterOf(code: string | undefined, address: string) {
    const decision = await rateLimits.perMinute.consume([{ key: `poster:${address}`, limit: POSTERS_PER_MINUTE }]);
    if (!decision.allowed) {
      throw new RateLimitedError(
        "POSTER_RATE_LIMITED",
        "Too many posters from this address",
        "请求太频繁了，请稍后再试。",
        decision.retryAfterSeconds,
      );
    }
    if (!code || !isAuthenticVenueCode(code, config.secrets.VENUE_CODE_SECRET)) throw invalidVenueCode();
    const lookup = await venueCache.byCode(code);
    if (lookup.status === "revoked") throw revokedVenueCode();
    if (lookup.status === "unknown") throw invalidVenueCode();
    return venues.posterContent(lookup.venue, code);
  }

  router.get("/:code/poster", async (ctx) => {
    ctx.type = "text/html; charset=utf-8";
    ctx.body = posterHtml(await posterOf(ctx.params.code, ctx.ip));
  });

  router.get("/:code/poster.png", async (ctx) => {
    ctx.type = "image/png";
    ctx.body = await posterPng(await posterOf(ctx.params.code, ctx.ip));
  });

  return router;
}

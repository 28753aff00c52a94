import { z } from "zod";
import { RateLimitedError } from "../errors.js";
import { defineRoute } from "../http/contract.js";
import { named } from "../http/named.js";
import { id } from "../http/schemas.js";
import type { Services } from "../services.js";
import { posterHtml, posterPng } from "../venues/printables.js";
import { isAuthenticVenueCode } from "./codes.js";
import { invalidVenueCode, revokedVenueCode } from "./errors.js";
import { lookUpVenueCode } from "./lookup.js";

/** Public posters one address may fetch in a minute (a print shop, not a crawler). */
const POSTERS_PER_MINUTE = 30;

const codeParams = z.object({ code: z.string() });

const venueCodeSchema = named(
  "VenueCodeStatus",
  z.discriminatedUnion("status", [
    z.strictObject({ status: z.literal("revoked") }),
    z.strictObject({
      status: z.literal("active"),
      venue: z.strictObject({
        id,
        name: z.string(),
        categoryId: z.string(),
        categoryName: z.string(),
        regionCode: z.string(),
        regionName: z.string(),
      }),
    }),
  ]),
);

/** GET /api/venue-codes/:code — what a scanned code is; and the public poster of an active one. */
export function venueCodeRoutes(services: Services) {
  const { config, venues, venueCache, rateLimits } = services;

  /**
   * The printable poster of an active code. It shows only what hangs on the door anyway, so it is
   * public: the bot can send an owner a link they open without signing in.
   */
  async function posterOf(code: string, address: string) {
    const decision = await rateLimits.perMinute.consume([{ key: `poster:${address}`, limit: POSTERS_PER_MINUTE }]);
    if (!decision.allowed) {
      throw new RateLimitedError(
        "POSTER_RATE_LIMITED",
        "Too many posters from this address",
        "请求太频繁了，请稍后再试。",
        decision.retryAfterSeconds,
      );
    }
    if (!isAuthenticVenueCode(code, config.secrets.VENUE_CODE_SECRET)) throw invalidVenueCode();
    const lookup = await venueCache.byCode(code);
    if (lookup.status === "revoked") throw revokedVenueCode();
    if (lookup.status === "unknown") throw invalidVenueCode();
    return venues.posterContent(lookup.venue, code);
  }

  return [
    defineRoute({
      method: "get",
      path: "/api/venue-codes/:code",
      tag: "venue-codes",
      summary: "What a scanned code is: an active venue, a revoked code (replaced), or 404 for a forgery",
      access: "anyone",
      params: codeParams,
      responses: { 200: venueCodeSchema },
      async handle(ctx, { params }) {
        const found = await lookUpVenueCode(services, params.code);
        if (found.status === "invalid") throw invalidVenueCode();
        ctx.body = found.status === "revoked" ? { status: "revoked" } : found;
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/venue-codes/:code/poster",
      tag: "venue-codes",
      summary: "The printable A4 poster of an active code (public: it hangs on the door); 30 a minute per address",
      access: "anyone",
      params: codeParams,
      responses: { 200: { contentType: "text/html; charset=utf-8", description: "an A4 page to print" } },
      async handle(ctx, { params }) {
        ctx.type = "text/html; charset=utf-8";
        ctx.body = posterHtml(await posterOf(params.code, ctx.ip));
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/venue-codes/:code/poster.png",
      tag: "venue-codes",
      summary: "The same poster as PNG",
      access: "anyone",
      params: codeParams,
      responses: { 200: { contentType: "image/png", description: "a PNG image" } },
      async handle(ctx, { params }) {
        ctx.type = "image/png";
        ctx.body = await posterPng(await posterOf(params.code, ctx.ip));
      },
    }),
  ];
}

import Router from "@koa/router";
import type { Services } from "../services.js";
import { isAuthenticVenueCode } from "./codes.js";
import { invalidVenueCode } from "./errors.js";

/** GET /api/venue-codes/:code — what a scanned code is: an active venue, a revoked code, or a forgery. */
export function venueCodeRoutes({ config, reference, venueCache }: Services): Router {
  const router = new Router({ prefix: "/api/venue-codes" });
  router.get("/:code", async (ctx) => {
    const { code } = ctx.params;
    if (!code || !isAuthenticVenueCode(code, config.secrets.VENUE_CODE_SECRET)) throw invalidVenueCode();
    const lookup = await venueCache.byCode(code);
    if (lookup.status === "unknown") throw invalidVenueCode();
    if (lookup.status === "revoked") {
      ctx.body = { status: "revoked" };
      return;
    }
    const { venue } = lookup;
    ctx.body = {
      status: "active",
      venue: {
        id: venue.id,
        name: venue.name,
        categoryId: venue.categoryId,
        categoryName: reference.category(venue.categoryId)?.name ?? venue.categoryId,
        regionCode: venue.regionCode,
        regionName: reference.region(venue.regionCode)?.name ?? venue.regionCode,
      },
    };
  });
  return router;
}

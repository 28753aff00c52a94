import Router from "@koa/router";
import { NotFoundError } from "../errors.js";
import type { Services } from "../services.js";
import { Venue, type VenueDocument } from "../venues/venue.model.js";
import { isAuthenticVenueCode } from "./codes.js";

export function invalidVenueCode(): NotFoundError {
  return new NotFoundError(
    "This venue code is not valid: it was not issued by this system or has been altered",
    "这不是有效的场所码，可能是伪造或被篡改的，请勿扫码登记，并告知工作人员。",
    "VENUE_CODE_INVALID",
  );
}

/** GET /api/venue-codes/:code — what a scanned code is: an active venue, a revoked code, or a forgery. */
export function venueCodeRoutes({ config, reference }: Services): Router {
  const router = new Router({ prefix: "/api/venue-codes" });
  router.get("/:code", async (ctx) => {
    const { code } = ctx.params;
    if (!code || !isAuthenticVenueCode(code, config.secrets.VENUE_CODE_SECRET)) throw invalidVenueCode();
    const venue = await Venue.findOne({ $or: [{ code }, { revokedCodes: code }] }).lean<VenueDocument>();
    if (!venue) throw invalidVenueCode();
    if (venue.code !== code) {
      ctx.body = { status: "revoked" };
      return;
    }
    ctx.body = {
      status: "active",
      venue: {
        id: String(venue._id),
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

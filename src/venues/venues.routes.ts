import Router from "@koa/router";
import type { Context } from "koa";
import { RateLimitedError } from "../errors.js";
import {
  assertOfficialCovers,
  assertVenueOwner,
  assertVenueStaff,
  isVenueOwner,
  principalOf,
  requireOfficial,
  requireRealName,
  requireResident,
} from "../policies/index.js";
import type { Services } from "../services.js";
import { posterHtml, posterPng, qrPng, qrSvg } from "./printables.js";
import type { VenueDocument } from "./venue.model.js";
import { cachedVenueOf } from "./venue-cache.js";
import { acceptInviteSchema, createVenueSchema, moveRegionSchema, updateVenueSchema } from "./venues.schema.js";

export function venueRoutes({ users, venues, audit }: Services): Router {
  const router = new Router({ prefix: "/api/venues" });

  /** The venue named in the path, for its owner or staff only. */
  async function staffVenue(ctx: Context): Promise<VenueDocument> {
    const { userId } = requireResident(ctx);
    const venue = await venues.get(ctx.params.id ?? "");
    assertVenueStaff(venue, userId);
    return venue;
  }

  router.post("/", async (ctx) => {
    const { userId } = requireResident(ctx);
    const input = createVenueSchema.parse(ctx.request.body);
    const user = await users.get(userId);
    requireRealName(user);
    const venue = await venues.register(userId, input);
    ctx.status = 201;
    ctx.set("Location", `/api/venues/${String(venue._id)}`);
    ctx.body = venues.ownerView(venue);
  });

  router.get("/mine", async (ctx) => {
    const { userId } = requireResident(ctx);
    const list = await venues.listFor(userId);
    ctx.body = {
      venues: list.map((venue) => ({
        ...venues.ownerView(venue),
        role: String(venue.ownerId) === userId ? "owner" : "staff",
      })),
    };
  });

  router.get("/:id", async (ctx) => {
    const principal = principalOf(ctx);
    const venue = await venues.get(ctx.params.id ?? "");
    if (principal.kind === "official") {
      assertOfficialCovers(principal, venue.regionCode);
      ctx.body = venues.publicView(venue);
      return;
    }
    assertVenueStaff(venue, principal.userId);
    ctx.body = venues.ownerView(venue);
  });

  router.patch("/:id", async (ctx) => {
    const { userId } = requireResident(ctx);
    const venue = await venues.get(ctx.params.id ?? "");
    assertVenueOwner(venue, userId);
    const changes = updateVenueSchema.parse(ctx.request.body);
    ctx.body = venues.ownerView(await venues.update(venue, changes));
  });

  router.post("/:id/reissue", async (ctx) => {
    const { userId } = requireResident(ctx);
    const venue = await venues.get(ctx.params.id ?? "");
    assertVenueOwner(venue, userId);
    ctx.body = venues.ownerView(await venues.reissueCode(venue));
  });

  /** The owner invites staff: a link (or its QR code) that a real-name resident opens to join. */
  router.post("/:id/staff-invites", async (ctx) => {
    const { userId } = requireResident(ctx);
    const venue = await venues.get(ctx.params.id ?? "");
    assertVenueOwner(venue, userId);
    const invite = await venues.inviteStaff(venue, userId);
    ctx.status = 201;
    ctx.body = { ...invite, qr: `data:image/png;base64,${(await qrPng(invite.url)).toString("base64")}` };
  });

  /** Who works at the venue, by masked real name, for its owner. */
  router.get("/:id/staff", async (ctx) => {
    const { userId } = requireResident(ctx);
    const venue = await venues.get(ctx.params.id ?? "");
    assertVenueOwner(venue, userId);
    const people = await Promise.all(venue.staffIds.map((id) => users.get(String(id)).catch(() => null)));
    ctx.body = {
      staff: venue.staffIds.map((id, i) => ({
        id: String(id),
        name: people[i]?.identity?.nameMasked ?? "未实名用户",
        role: String(id) === String(venue.ownerId) ? "owner" : "staff",
      })),
    };
  });

  router.delete("/:id/staff/:staffId", async (ctx) => {
    const { userId } = requireResident(ctx);
    const venue = await venues.get(ctx.params.id ?? "");
    assertVenueOwner(venue, userId);
    await venues.removeStaff(venue, ctx.params.staffId ?? "");
    ctx.status = 204;
  });

  /** An official moves a venue to another district, with a reason; audited. */
  router.post("/:id/region", async (ctx) => {
    const official = requireOfficial(ctx, ["admin"]);
    const { regionCode, reason } = moveRegionSchema.parse(ctx.request.body);
    const venue = await venues.get(ctx.params.id ?? "");
    const moved = await venues.moveToRegion(venue, regionCode);
    await audit.record(
      official,
      "venue.region",
      { venueId: String(venue._id), from: venue.regionCode, to: regionCode, reason },
      0,
    );
    ctx.body = venues.publicView(moved);
  });

  router.get("/:id/qr.png", async (ctx) => {
    const venue = await staffVenue(ctx);
    ctx.type = "image/png";
    ctx.set("Content-Disposition", `inline; filename="venue-code-${String(venue._id)}.png"`);
    ctx.body = await qrPng(venues.publicView(venue).url);
  });

  router.get("/:id/qr.svg", async (ctx) => {
    const venue = await staffVenue(ctx);
    ctx.type = "image/svg+xml";
    ctx.body = qrSvg(venues.publicView(venue).url);
  });

  router.get("/:id/poster", async (ctx) => {
    const venue = await staffVenue(ctx);
    ctx.type = "text/html; charset=utf-8";
    ctx.body = posterHtml(venues.posterContent(cachedVenueOf(venue), venue.code));
  });

  router.get("/:id/poster.png", async (ctx) => {
    const venue = await staffVenue(ctx);
    ctx.type = "image/png";
    ctx.set("Content-Disposition", `inline; filename="venue-poster-${String(venue._id)}.png"`);
    ctx.body = await posterPng(venues.posterContent(cachedVenueOf(venue), venue.code));
  });

  return router;
}

/** POST /api/staff-invites/accept {code} — a real-name resident joins a venue's staff by invitation. */
export function staffInviteRoutes({ users, venues, rateLimits }: Services): Router {
  const router = new Router({ prefix: "/api/staff-invites" });
  router.post("/accept", async (ctx) => {
    const { userId } = requireResident(ctx);
    const { code } = acceptInviteSchema.parse(ctx.request.body);
    const decision = await rateLimits.perMinute.consume([{ key: `invite-accept:${userId}`, limit: 10 }]);
    if (!decision.allowed) {
      throw new RateLimitedError(
        "STAFF_INVITE_ATTEMPTS",
        "Too many invitation codes tried",
        "尝试太频繁了，请稍后再试。",
        decision.retryAfterSeconds,
      );
    }
    requireRealName(await users.get(userId));
    const venue = await venues.acceptStaffInvite(code, userId);
    ctx.body = {
      venue: { id: String(venue._id), name: venue.name },
      role: isVenueOwner(venue, userId) ? "owner" : "staff",
    };
  });
  return router;
}

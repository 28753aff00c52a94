import Router from "@koa/router";
import type { Context } from "koa";
import {
  assertOfficialCovers,
  assertVenueOwner,
  assertVenueStaff,
  principalOf,
  requireRealName,
  requireResident,
} from "../policies/index.js";
import type { Services } from "../services.js";
import { posterHtml, posterPng, qrPng, qrSvg } from "./printables.js";
import type { VenueDocument } from "./venue.model.js";
import { addStaffSchema, createVenueSchema, updateVenueSchema } from "./venues.schema.js";

export function venueRoutes({ users, venues }: Services): Router {
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

  router.post("/:id/staff", async (ctx) => {
    const { userId } = requireResident(ctx);
    const { userId: staffId } = addStaffSchema.parse(ctx.request.body);
    const venue = await venues.get(ctx.params.id ?? "");
    assertVenueOwner(venue, userId);
    const staff = await users.get(staffId);
    const updated = await venues.addStaff(venue, String(staff._id));
    ctx.status = 201;
    ctx.body = {
      venueId: String(updated._id),
      staffCount: updated.staffIds.length,
      added: { id: String(staff._id), nickname: staff.nickname },
    };
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
    ctx.body = posterHtml(venues.posterContent(venue));
  });

  router.get("/:id/poster.png", async (ctx) => {
    const venue = await staffVenue(ctx);
    ctx.type = "image/png";
    ctx.set("Content-Disposition", `inline; filename="venue-poster-${String(venue._id)}.png"`);
    ctx.body = posterPng(venues.posterContent(venue));
  });

  return router;
}

import type { Context } from "koa";
import { z } from "zod";
import { RateLimitedError } from "../errors.js";
import { defineRoute } from "../http/contract.js";
import { idParams } from "../http/schemas.js";
import {
  assertOfficialCovers,
  assertVenueOwner,
  assertVenueStaff,
  isVenueOwner,
  officialScope,
  principalOf,
  requireOfficial,
  requireRealName,
  requireResident,
} from "../policies/index.js";
import type { Services } from "../services.js";
import { posterHtml, posterPng, qrPng, qrSvg } from "./printables.js";
import { cachedVenueOf } from "./venue-cache.js";
import {
  acceptedInviteSchema,
  acceptInviteSchema,
  createVenueSchema,
  moveRegionSchema,
  myVenuesSchema,
  staffInviteSchema,
  staffListSchema,
  updateVenueSchema,
  venueFieldLabels,
  venueOwnerSchema,
  venuePublicSchema,
  venueSearchQuery,
  venueSearchSchema,
} from "./venues.schema.js";

/** Attempts at invitation codes one resident may make in a minute. */
const INVITE_ATTEMPTS_PER_MINUTE = 10;

const png = { contentType: "image/png", description: "a PNG image" };
const svg = { contentType: "image/svg+xml", description: "an SVG image" };
const html = { contentType: "text/html; charset=utf-8", description: "an A4 page to print" };

export function venueRoutes({ users, venues, audit, rateLimits }: Services) {
  /** The venue named in the path, for its owner or staff only. */
  async function staffVenue(ctx: Context) {
    const { userId } = requireResident(ctx);
    const venue = await venues.get(String(ctx.params.id ?? ""));
    assertVenueStaff(venue, userId);
    return { userId, venue };
  }

  /** The venue named in the path, for its owner only. */
  async function ownedVenue(ctx: Context) {
    const { userId } = requireResident(ctx);
    const venue = await venues.get(String(ctx.params.id ?? ""));
    assertVenueOwner(venue, userId);
    return { userId, venue };
  }

  const printable = (
    path: string,
    summary: string,
    response: typeof png,
    print: (venue: Awaited<ReturnType<typeof staffVenue>>["venue"]) => Promise<Buffer | string> | string,
  ) =>
    defineRoute({
      method: "get",
      path,
      tag: "venues",
      summary,
      access: "the venue's owner and staff",
      authorize: staffVenue,
      params: idParams,
      responses: { 200: response },
      async handle(ctx, _input, { venue }) {
        ctx.type = response.contentType;
        if (response === png) ctx.set("Content-Disposition", `inline; filename="venue-${String(venue._id)}.png"`);
        ctx.body = await print(venue);
      },
    });

  return [
    defineRoute({
      method: "get",
      path: "/api/venue-search",
      tag: "venues",
      summary:
        "Venues by part of their name, address or plate, district and category, a page at a time, by name (officials pick places this way)",
      access: "health, police, admin (a district-limited official: their district only)",
      authorize: (ctx) => requireOfficial(ctx, ["health", "police", "admin"]),
      query: venueSearchQuery,
      responses: { 200: venueSearchSchema },
      async handle(ctx, { query }, official) {
        const scope = officialScope(official, query.region, query.category);
        const found = await venues.search(query.q, scope, query.page, query.perPage);
        ctx.body = {
          total: found.total,
          page: query.page,
          perPage: query.perPage,
          venues: found.venues.map((venue) => venues.listingView(venue)),
        };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/venues",
      tag: "venues",
      summary: "Register a venue (申领场所码): the registrant becomes its owner; the same venue twice → 409",
      access: "resident with real name",
      async authorize(ctx) {
        const { userId } = requireResident(ctx);
        requireRealName(await users.get(userId));
        return userId;
      },
      body: createVenueSchema,
      fieldLabels: venueFieldLabels,
      responses: { 201: venueOwnerSchema },
      async handle(ctx, { body }, userId) {
        const venue = await venues.register(userId, body);
        ctx.status = 201;
        ctx.set("Location", `/api/venues/${String(venue._id)}`);
        ctx.body = venues.ownerView(venue);
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/venues/mine",
      tag: "venues",
      summary: "The venues the resident owns or works at, newest first",
      access: "resident",
      authorize: requireResident,
      responses: { 200: myVenuesSchema },
      async handle(ctx, _input, { userId }) {
        const list = await venues.listFor(userId);
        ctx.body = {
          venues: list.map((venue) => ({
            ...venues.ownerView(venue),
            role: isVenueOwner(venue, userId) ? ("owner" as const) : ("staff" as const),
          })),
        };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/venues/:id",
      tag: "venues",
      summary:
        "One venue, whole: for its owner and staff, and for officials of its district, who may need to call it (their look-up is audited)",
      access: "the venue's owner and staff; officials of its district",
      async authorize(ctx) {
        const principal = principalOf(ctx);
        const venue = await venues.get(String(ctx.params.id ?? ""));
        if (principal.kind === "official") assertOfficialCovers(principal, venue.regionCode);
        else assertVenueStaff(venue, principal.userId);
        return { principal, venue };
      },
      params: idParams,
      responses: { 200: venueOwnerSchema },
      async handle(ctx, _input, { principal, venue }) {
        if (principal.kind === "official") {
          await audit.record(principal, "venue.contact-phone", { venueId: String(venue._id) }, 0);
        }
        ctx.body = venues.ownerView(venue);
      },
    }),
    defineRoute({
      method: "patch",
      path: "/api/venues/:id",
      tag: "venues",
      summary: "Change a venue's details (not its district); its code stays the same",
      access: "the venue's owner",
      authorize: ownedVenue,
      params: idParams,
      body: updateVenueSchema,
      fieldLabels: venueFieldLabels,
      responses: { 200: venueOwnerSchema },
      async handle(ctx, { body }, { venue }) {
        ctx.body = venues.ownerView(await venues.update(venue, body));
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/venues/:id/reissue",
      tag: "venues",
      summary: "A new code for a lost or damaged poster; the old code then answers revoked",
      access: "the venue's owner",
      authorize: ownedVenue,
      params: idParams,
      responses: { 200: venueOwnerSchema },
      async handle(ctx, _input, { venue }) {
        ctx.body = venues.ownerView(await venues.reissueCode(venue));
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/venues/:id/staff-invites",
      tag: "venues",
      summary: "An invitation to work at the venue: a link and its QR code, valid 3 days, used once (20 a day)",
      access: "the venue's owner",
      authorize: ownedVenue,
      params: idParams,
      responses: { 201: staffInviteSchema },
      async handle(ctx, _input, { venue, userId }) {
        const invite = await venues.inviteStaff(venue, userId);
        ctx.status = 201;
        ctx.body = { ...invite, qr: `data:image/png;base64,${(await qrPng(invite.url)).toString("base64")}` };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/venues/:id/staff",
      tag: "venues",
      summary: "Who works at the venue, by masked real name",
      access: "the venue's owner",
      authorize: ownedVenue,
      params: idParams,
      responses: { 200: staffListSchema },
      async handle(ctx, _input, { venue }) {
        const people = await Promise.all(venue.staffIds.map((id) => users.get(String(id)).catch(() => null)));
        ctx.body = {
          staff: venue.staffIds.map((id, i) => ({
            id: String(id),
            name: people[i]?.identity?.nameMasked ?? "未实名用户",
            role: String(id) === String(venue.ownerId) ? ("owner" as const) : ("staff" as const),
          })),
        };
      },
    }),
    defineRoute({
      method: "delete",
      path: "/api/venues/:id/staff/:staffId",
      tag: "venues",
      summary: "Take someone off the venue's staff (their open door screen closes within 10 s)",
      access: "the venue's owner",
      authorize: ownedVenue,
      params: z.object({ id: z.string(), staffId: z.string() }),
      responses: { 204: null },
      async handle(ctx, { params }, { venue }) {
        await venues.removeStaff(venue, params.staffId);
        ctx.status = 204;
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/venues/:id/region",
      tag: "venues",
      summary: "Move a venue to another district, with a reason; its past visits keep theirs (audited)",
      access: "admin",
      authorize: (ctx) => requireOfficial(ctx, ["admin"]),
      params: idParams,
      body: moveRegionSchema,
      responses: { 200: venuePublicSchema },
      async handle(ctx, { params, body }, official) {
        const venue = await venues.get(params.id);
        const moved = await venues.moveToRegion(venue, body.regionCode);
        await audit.record(
          official,
          "venue.region",
          { venueId: String(venue._id), from: venue.regionCode, to: body.regionCode, reason: body.reason },
          0,
        );
        ctx.body = venues.publicView(moved);
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/venues/:id/qr.png",
      tag: "venues",
      summary:
        "The venue's QR code as PNG; caption=name prints the venue's name under it, so a stack can be told apart",
      access: "the venue's owner and staff",
      authorize: staffVenue,
      params: idParams,
      query: z.object({ caption: z.enum(["name"]).optional() }).strict(),
      responses: { 200: png },
      async handle(ctx, { query }, { venue }) {
        ctx.type = png.contentType;
        ctx.set("Content-Disposition", `inline; filename="venue-${String(venue._id)}.png"`);
        ctx.body = await qrPng(venues.publicView(venue).url, query.caption === "name" ? venue.name : undefined);
      },
    }),
    printable("/api/venues/:id/qr.svg", "The venue's QR code as SVG", svg, (venue) =>
      qrSvg(venues.publicView(venue).url),
    ),
    printable("/api/venues/:id/poster", "The A4 poster as a page to print", html, (venue) =>
      posterHtml(venues.posterContent(cachedVenueOf(venue), venue.code)),
    ),
    printable("/api/venues/:id/poster.png", "The A4 poster as PNG, for a photo shop", png, (venue) =>
      posterPng(venues.posterContent(cachedVenueOf(venue), venue.code)),
    ),
    defineRoute({
      method: "post",
      path: "/api/staff-invites/accept",
      tag: "venues",
      summary: "Join a venue's staff by invitation",
      access: "resident with real name",
      async authorize(ctx) {
        const { userId } = requireResident(ctx);
        requireRealName(await users.get(userId));
        return userId;
      },
      body: acceptInviteSchema,
      fieldLabels: { code: { label: "邀请码", expected: "请扫描负责人出示的邀请二维码，或填写10位邀请码" } },
      responses: { 200: acceptedInviteSchema },
      async handle(ctx, { body }, userId) {
        const decision = await rateLimits.perMinute.consume([
          { key: `invite-accept:${userId}`, limit: INVITE_ATTEMPTS_PER_MINUTE },
        ]);
        if (!decision.allowed) {
          throw new RateLimitedError(
            "STAFF_INVITE_ATTEMPTS",
            "Too many invitation codes tried",
            "尝试太频繁了，请稍后再试。",
            decision.retryAfterSeconds,
          );
        }
        const venue = await venues.acceptStaffInvite(body.code, userId);
        ctx.body = {
          venue: { id: String(venue._id), name: venue.name },
          role: isVenueOwner(venue, userId) ? ("owner" as const) : ("staff" as const),
        };
      },
    }),
  ];
}

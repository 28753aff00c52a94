import type { Context } from "koa";
import { z } from "zod";
import { defineRoute } from "../http/contract.js";
import { authenticateStream, openEventStream } from "../http/event-stream.js";
import { named } from "../http/named.js";
import { id, idParams, isoTime } from "../http/schemas.js";
import { assertVenueStaff, isVenueStaff, requireResident } from "../policies/index.js";
import type { Services } from "../services.js";
import type { ScanEvent } from "./live-feed.js";
import { visitSchema } from "./visit.presenter.js";
import { PASS_STATUSES, VISIT_SOURCES } from "./visit-kinds.js";

const listQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    before: z.iso
      .datetime({ offset: true })
      .optional()
      .describe(
        "the next page: the checkInAt of the previous page's last entry (a page may run past limit to end on a whole instant, as a scan with companions checks them in together)",
      ),
  })
  .strict();

/** How often an open door screen checks that its viewer still works at the venue. */
const STAFF_RECHECK_MS = 10_000;

const myVisitsSchema = named(
  "MyVisits",
  z.strictObject({
    visits: z.array(
      visitSchema.extend({
        recordedBy: z
          .enum(["me", "someone-else"])
          .describe("someone-else: a resident checked you in as their companion, or staff at a door"),
      }),
    ),
  }),
);

export const doorEntrySchema = named(
  "DoorEntry",
  z.strictObject({
    visitId: id,
    personName: z.string().describe("masked"),
    source: z.enum(VISIT_SOURCES),
    passStatus: z
      .enum(PASS_STATUSES)
      .describe("the pass colour the door last saw: at check-in, or at a later scan into the same visit"),
    flagged: z.boolean().describe("anything but green: the door must look at this person"),
    checkInAt: isoTime,
  }),
);

export function visitRoutes({ visits, venues, liveFeed, tokens, users }: Services) {
  /** The venue named in the path, for its owner or staff only. */
  async function staffVenue(ctx: Context) {
    const { userId } = requireResident(ctx);
    const venue = await venues.get(String(ctx.params.id ?? ""));
    assertVenueStaff(venue, userId);
    return { userId, venue };
  }

  return [
    defineRoute({
      method: "get",
      path: "/api/me/visits",
      tag: "visits",
      summary: "The resident's visits, their companions', and those others recorded under their identity, newest first",
      access: "resident",
      authorize: requireResident,
      query: listQuery,
      responses: { 200: myVisitsSchema },
      async handle(ctx, { query }, { userId }) {
        ctx.body = {
          visits: await visits.listMine(userId, (await users.get(userId)).identity?.idHash, {
            limit: query.limit,
            before: query.before ? new Date(query.before) : undefined,
          }),
        };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/visits/:id/checkout",
      tag: "visits",
      summary: "Check out (离开) of one's own visit; someone else's answers 404",
      access: "resident (the visit's own)",
      authorize: requireResident,
      params: idParams,
      responses: { 200: visitSchema },
      async handle(ctx, { params }, { userId }) {
        ctx.body = await visits.checkout(userId, params.id);
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/venues/:id/visits",
      tag: "visits",
      summary: "The door screen: recent entries at the venue, masked, with their pass colours",
      access: "the venue's owner and staff",
      authorize: staffVenue,
      params: idParams,
      query: listQuery,
      responses: { 200: named("DoorEntries", z.strictObject({ visits: z.array(doorEntrySchema) })) },
      async handle(ctx, { query }, { venue }) {
        ctx.body = {
          visits: await visits.recentAtVenue(String(venue._id), {
            limit: query.limit,
            before: query.before ? new Date(query.before) : undefined,
          }),
        };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/venues/:id/visits/stream",
      tag: "visits",
      summary:
        "Server-sent events (`scan`, each a DoorEntry with venueId) of new entries at the venue; the token may come as ?access_token= for EventSource",
      access: "the venue's owner and staff",
      async authorize(ctx) {
        await authenticateStream(ctx, tokens);
        return staffVenue(ctx);
      },
      params: idParams,
      query: z.object({ access_token: z.string().optional() }).strict(),
      responses: { 200: { contentType: "text/event-stream", description: "server-sent events" } },
      async handle(ctx, _input, { userId, venue }) {
        const stream = openEventStream(ctx);
        const unsubscribe = await liveFeed.subscribe(
          String(venue._id),
          (event: ScanEvent) => stream.send("scan", event),
          stream.end,
        );
        // Someone taken off the staff stops seeing the door at once, not when they reconnect.
        const recheck = setInterval(async () => {
          const current = await venues.get(String(venue._id)).catch(() => null);
          if (!current || !isVenueStaff(current, userId)) stream.end();
        }, STAFF_RECHECK_MS);
        stream.onEnd(() => {
          clearInterval(recheck);
          unsubscribe();
        });
      },
    }),
  ];
}

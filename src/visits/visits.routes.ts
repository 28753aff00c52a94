import Router from "@koa/router";
import type { Context } from "koa";
import { z } from "zod";
import { authenticateStream, openEventStream } from "../http/event-stream.js";
import { assertVenueStaff, isVenueStaff, requireResident } from "../policies/index.js";
import type { Services } from "../services.js";
import type { ScanEvent } from "./live-feed.js";

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.iso.datetime({ offset: true }).optional(),
});

/** How often an open door screen checks that its viewer still works at the venue. */
const STAFF_RECHECK_MS = 10_000;

export function visitRoutes({ visits, venues, liveFeed, tokens, users }: Services): Router {
  const router = new Router({ prefix: "/api" });

  router.get("/me/visits", async (ctx) => {
    const { userId } = requireResident(ctx);
    const query = listQuery.parse(ctx.query);
    ctx.body = {
      visits: await visits.listMine(userId, (await users.get(userId)).identity?.idHash, {
        limit: query.limit,
        before: query.before ? new Date(query.before) : undefined,
      }),
    };
  });

  router.post("/visits/:id/checkout", async (ctx) => {
    const { userId } = requireResident(ctx);
    ctx.body = await visits.checkout(userId, ctx.params.id ?? "");
  });

  router.get("/venues/:id/visits", async (ctx) => {
    const { userId } = requireResident(ctx);
    const { limit } = listQuery.parse(ctx.query);
    const venue = await venues.get(ctx.params.id ?? "");
    assertVenueStaff(venue, userId);
    ctx.body = { visits: await visits.recentAtVenue(String(venue._id), limit) };
  });

  /**
   * Server-sent events of new scans at a venue, for the door screen. Browsers' EventSource cannot
   * send headers, so the token may come as ?access_token=.
   */
  router.get("/venues/:id/visits/stream", async (ctx: Context) => {
    await authenticateStream(ctx, tokens);
    const { userId } = requireResident(ctx);
    const venue = await venues.get(ctx.params.id ?? "");
    assertVenueStaff(venue, userId);
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
  });

  return router;
}

import { PassThrough } from "node:stream";
import Router from "@koa/router";
import type { Context } from "koa";
import { z } from "zod";
import { UnauthenticatedError } from "../errors.js";
import { assertVenueStaff, requireResident } from "../policies/index.js";
import type { Services } from "../services.js";
import type { ScanEvent } from "./live-feed.js";

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.iso.datetime({ offset: true }).optional(),
});

const HEARTBEAT_MS = 20_000;

export function visitRoutes({ visits, venues, liveFeed, tokens }: Services): Router {
  const router = new Router({ prefix: "/api" });

  router.get("/me/visits", async (ctx) => {
    const { userId } = requireResident(ctx);
    const query = listQuery.parse(ctx.query);
    ctx.body = {
      visits: await visits.listMine(userId, {
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
    if (!ctx.state.principal && typeof ctx.query.access_token === "string") {
      ctx.state.principal = await tokens.verify(ctx.query.access_token);
    }
    if (!ctx.state.principal) throw new UnauthenticatedError();
    const { userId } = requireResident(ctx);
    const venue = await venues.get(ctx.params.id ?? "");
    assertVenueStaff(venue, userId);

    const stream = new PassThrough();
    const send = (event: ScanEvent) => stream.write(`event: scan\ndata: ${JSON.stringify(event)}\n\n`);
    let heartbeat: NodeJS.Timeout | undefined;
    let unsubscribe = () => {};
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      stream.end();
    };
    unsubscribe = await liveFeed.subscribe(String(venue._id), send, end);
    heartbeat = setInterval(() => stream.write(": heartbeat\n\n"), HEARTBEAT_MS);
    ctx.req.on("close", end);
    ctx.req.socket.setTimeout(0);
    ctx.set({ "Cache-Control": "no-cache", Connection: "keep-alive", "X-Accel-Buffering": "no" });
    ctx.type = "text/event-stream";
    ctx.status = 200;
    stream.write("retry: 3000\n: connected\n\n");
    ctx.body = stream;
  });

  return router;
}

import Router from "@koa/router";
import { z } from "zod";
import { requireOfficial } from "../policies/index.js";
import type { Services } from "../services.js";

const listQuery = z.object({
  status: z.enum(["open", "closed"]).default("open"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** GET /api/tickets — questions the bot handed to people, for admins and health officials. */
export function ticketRoutes({ tickets }: Services): Router {
  const router = new Router({ prefix: "/api/tickets" });
  router.get("/", async (ctx) => {
    requireOfficial(ctx, ["admin", "health"]);
    const { status, limit } = listQuery.parse(ctx.query);
    ctx.body = { tickets: await tickets.list(status, limit) };
  });
  return router;
}

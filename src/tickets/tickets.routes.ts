import Router from "@koa/router";
import { z } from "zod";
import { requireOfficial } from "../policies/index.js";
import { Ticket } from "./ticket.model.js";

const listQuery = z.object({
  status: z.enum(["open", "closed"]).default("open"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** GET /api/tickets — questions the bot handed to people, for admins and health officials. */
export function ticketRoutes(): Router {
  const router = new Router({ prefix: "/api/tickets" });
  router.get("/", async (ctx) => {
    requireOfficial(ctx, ["admin", "health"]);
    const { status, limit } = listQuery.parse(ctx.query);
    const tickets = await Ticket.find({ status }).sort({ createdAt: -1 }).limit(limit).lean();
    ctx.body = {
      tickets: tickets.map((t) => ({
        id: String(t._id),
        question: t.question,
        channel: t.channel,
        status: t.status,
        hasAccount: Boolean(t.userId),
        createdAt: t.createdAt.toISOString(),
      })),
    };
  });
  return router;
}

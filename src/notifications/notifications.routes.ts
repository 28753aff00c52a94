import Router from "@koa/router";
import { z } from "zod";
import { requireResident } from "../policies/index.js";
import type { Services } from "../services.js";

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** The in-app inbox: alerts about the resident and about the companions they registered. */
export function notificationRoutes({ notifications }: Services): Router {
  const router = new Router({ prefix: "/api/me/notifications" });

  router.get("/", async (ctx) => {
    const { userId } = requireResident(ctx);
    const { limit } = listQuery.parse(ctx.query);
    ctx.body = { notifications: await notifications.listFor(userId, limit) };
  });

  router.post("/:id/ack", async (ctx) => {
    const { userId } = requireResident(ctx);
    await notifications.acknowledge(userId, ctx.params.id ?? "");
    ctx.status = 204;
  });

  return router;
}

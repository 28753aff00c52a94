import Router from "@koa/router";
import { z } from "zod";
import { requireOfficial } from "../policies/index.js";
import type { Services } from "../services.js";

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** GET /api/audit — every look-up of tracing data, for administrators. */
export function auditRoutes({ audit }: Services): Router {
  const router = new Router({ prefix: "/api/audit" });
  router.get("/", async (ctx) => {
    requireOfficial(ctx, ["admin"]);
    ctx.body = { records: await audit.list(listQuery.parse(ctx.query).limit) };
  });
  return router;
}

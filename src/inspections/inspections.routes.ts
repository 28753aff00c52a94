import Router from "@koa/router";
import { requireOfficial } from "../policies/index.js";
import type { Services } from "../services.js";
import { listInspectionsQuery, recordInspectionSchema } from "./inspections.schema.js";

/** Police inspections of venues: recorded by police, read by police and administrators. */
export function inspectionRoutes({ inspections }: Services): Router {
  const router = new Router({ prefix: "/api/inspections" });

  router.post("/", async (ctx) => {
    const official = requireOfficial(ctx, ["police"]);
    ctx.status = 201;
    ctx.body = await inspections.record(official, recordInspectionSchema.parse(ctx.request.body));
  });

  router.get("/", async (ctx) => {
    const official = requireOfficial(ctx, ["police", "admin"]);
    ctx.body = { inspections: await inspections.list(official, listInspectionsQuery.parse(ctx.query)) };
  });

  return router;
}

import Router from "@koa/router";
import { requireOfficial } from "../policies/index.js";
import type { Services } from "../services.js";
import { exposureRequestSchema } from "./exposures.schema.js";

export function exposureRoutes({ exposures }: Services): Router {
  const router = new Router({ prefix: "/api/exposures" });

  router.post("/preview", async (ctx) => {
    const official = requireOfficial(ctx, ["health"]);
    ctx.body = await exposures.preview(official, exposureRequestSchema.parse(ctx.request.body));
  });

  router.post("/", async (ctx) => {
    const official = requireOfficial(ctx, ["health"]);
    const exposure = await exposures.create(official, exposureRequestSchema.parse(ctx.request.body));
    ctx.status = 202;
    ctx.body = { id: String(exposure._id), status: exposure.status, total: exposure.total };
  });

  router.post("/:id/confirm", async (ctx) => {
    const official = requireOfficial(ctx, ["health"]);
    const exposure = await exposures.confirm(official, ctx.params.id ?? "");
    ctx.body = { id: String(exposure._id), status: exposure.status, total: exposure.total };
  });

  router.get("/:id", async (ctx) => {
    const official = requireOfficial(ctx, ["health"]);
    ctx.body = await exposures.progress(official, ctx.params.id ?? "");
  });

  return router;
}

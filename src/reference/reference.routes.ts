import Router from "@koa/router";
import type { Services } from "../services.js";

/** The venue categories of the notice and the city's districts; public, cacheable. */
export function referenceRoutes({ reference }: Services): Router {
  const router = new Router({ prefix: "/api" });
  router.get("/venue-categories", (ctx) => {
    ctx.set("Cache-Control", "public, max-age=3600");
    ctx.body = {
      categories: reference.categories.map(({ id, name, includes, defaultDwellMinutes, vehicle }) => ({
        id,
        name,
        includes: includes ?? [],
        defaultDwellMinutes,
        vehicle,
      })),
    };
  });
  router.get("/regions", (ctx) => {
    ctx.set("Cache-Control", "public, max-age=3600");
    ctx.body = reference.regions;
  });
  return router;
}

import Router from "@koa/router";
import { requireOfficial } from "../policies/index.js";
import type { Services } from "../services.js";
import { setHealthCodeSchema } from "./health-codes.schema.js";

/** PUT /api/health-codes — an official sets a person's colour for the built-in provider, with a reason. */
export function healthCodeRoutes({ healthCodes }: Services): Router {
  const router = new Router({ prefix: "/api/health-codes" });
  router.put("/", async (ctx) => {
    const official = requireOfficial(ctx, ["health", "admin"]);
    ctx.body = await healthCodes.setColour(official, setHealthCodeSchema.parse(ctx.request.body));
  });
  return router;
}

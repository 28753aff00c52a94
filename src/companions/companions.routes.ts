import Router from "@koa/router";
import { requireResident } from "../policies/index.js";
import type { Services } from "../services.js";
import { addCompanionSchema } from "./companions.schema.js";

export function companionRoutes({ companions }: Services): Router {
  const router = new Router({ prefix: "/api/me/companions" });

  router.get("/", async (ctx) => {
    const { userId } = requireResident(ctx);
    ctx.body = { companions: (await companions.list(userId)).map((c) => companions.view(c)) };
  });

  router.post("/", async (ctx) => {
    const { userId } = requireResident(ctx);
    const input = addCompanionSchema.parse(ctx.request.body);
    ctx.status = 201;
    ctx.body = companions.view(await companions.add(userId, input));
  });

  router.delete("/:id", async (ctx) => {
    const { userId } = requireResident(ctx);
    await companions.remove(userId, ctx.params.id ?? "");
    ctx.status = 204;
  });

  return router;
}

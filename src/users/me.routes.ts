import Router from "@koa/router";
import { personSchema } from "../identity/person.js";
import { requireResident } from "../policies/index.js";
import type { Services } from "../services.js";

export function meRoutes({ users }: Services): Router {
  const router = new Router({ prefix: "/api/me" });

  router.get("/", async (ctx) => {
    const { userId } = requireResident(ctx);
    ctx.body = await users.publicView(await users.get(userId));
  });

  /** Real-name verification (实名认证). */
  router.put("/identity", async (ctx) => {
    const { userId } = requireResident(ctx);
    const person = personSchema.strict().parse(ctx.request.body);
    ctx.body = await users.publicView(await users.setIdentity(userId, person));
  });

  return router;
}

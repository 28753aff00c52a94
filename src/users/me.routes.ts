import Router from "@koa/router";
import { personSchema } from "../identity/person.js";
import { requireResident } from "../policies/index.js";
import type { Services } from "../services.js";
import { userView } from "./user.presenter.js";

export function meRoutes({ users, venues }: Services): Router {
  const router = new Router({ prefix: "/api/me" });

  router.get("/", async (ctx) => {
    const { userId } = requireResident(ctx);
    ctx.body = await userView(venues, await users.get(userId));
  });

  /** Real-name verification (实名认证). */
  router.put("/identity", async (ctx) => {
    const { userId } = requireResident(ctx);
    const person = personSchema.strict().parse(ctx.request.body);
    ctx.body = await userView(venues, await users.setIdentity(userId, person));
  });

  return router;
}

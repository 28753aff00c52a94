import Router from "@koa/router";
import { z } from "zod";
import { ValidationError } from "../errors.js";
import { requireResident } from "../policies/index.js";
import type { Services } from "../services.js";

const subscribeSchema = z.object({ templateId: z.string().min(1).max(64) }).strict();

/** POST /api/me/subscriptions — the mini-program reports that the resident accepted alert messages. */
export function subscriptionRoutes({ config, users }: Services): Router {
  const router = new Router({ prefix: "/api/me/subscriptions" });
  router.post("/", async (ctx) => {
    const { userId } = requireResident(ctx);
    const { templateId } = subscribeSchema.parse(ctx.request.body);
    if (!config.wechatAlertTemplateId || templateId !== config.wechatAlertTemplateId) {
      throw new ValidationError([{ path: "templateId", message: "not this service's alert template" }]);
    }
    ctx.status = 201;
    ctx.body = { alertSubscriptions: await users.addAlertSubscription(userId) };
  });
  return router;
}

import { z } from "zod";
import { ValidationError } from "../errors.js";
import { defineRoute } from "../http/contract.js";
import { requireResident } from "../policies/index.js";
import type { Services } from "../services.js";

const subscribeSchema = z.object({ templateId: z.string().min(1).max(64) }).strict();

/** POST /api/me/subscriptions — the mini-program reports that the resident accepted alert messages. */
export function subscriptionRoutes({ config, users }: Services) {
  return [
    defineRoute({
      method: "post",
      path: "/api/me/subscriptions",
      tag: "notifications",
      summary: "The resident accepted one alert subscribe message in WeChat (each acceptance allows one message)",
      access: "resident",
      authorize: requireResident,
      body: subscribeSchema,
      responses: { 201: z.strictObject({ alertSubscriptions: z.number().int() }) },
      async handle(ctx, { body }, { userId }) {
        if (!config.wechatAlertTemplateId || body.templateId !== config.wechatAlertTemplateId) {
          throw new ValidationError([{ path: "templateId", message: "not this service's alert template" }]);
        }
        ctx.status = 201;
        ctx.body = { alertSubscriptions: await users.addAlertSubscription(userId) };
      },
    }),
  ];
}

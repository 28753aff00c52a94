import Router from "@koa/router";
import { requireResident } from "../policies/index.js";
import type { Services } from "../services.js";
import { addCompanionSchema, answerRequestSchema } from "./companions.schema.js";

export function companionRoutes({ companions }: Services): Router {
  const router = new Router({ prefix: "/api/me" });

  router.get("/companions", async (ctx) => {
    const { userId } = requireResident(ctx);
    ctx.body = { companions: (await companions.list(userId)).map((c) => companions.view(c)) };
  });

  router.post("/companions", async (ctx) => {
    const { userId } = requireResident(ctx);
    const input = addCompanionSchema.parse(ctx.request.body);
    ctx.status = 201;
    ctx.body = companions.view(await companions.add(userId, input));
  });

  router.delete("/companions/:id", async (ctx) => {
    const { userId } = requireResident(ctx);
    await companions.remove(userId, ctx.params.id ?? "");
    ctx.status = 204;
  });

  /** Others asking to check this resident in as their companion; the resident agrees or not. */
  router.get("/companion-requests", async (ctx) => {
    const { userId } = requireResident(ctx);
    ctx.body = { requests: await companions.requestsFor(userId) };
  });

  router.post("/companion-requests/:id", async (ctx) => {
    const { userId } = requireResident(ctx);
    const { decision } = answerRequestSchema.parse(ctx.request.body);
    ctx.body = { id: ctx.params.id, consent: await companions.answer(userId, ctx.params.id ?? "", decision) };
  });

  return router;
}

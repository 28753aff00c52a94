import Router from "@koa/router";
import { authenticateStream, openEventStream } from "../http/event-stream.js";
import { requireOfficial } from "../policies/index.js";
import type { Services } from "../services.js";
import { clearPersonSchema, exposureRequestSchema, listExposuresQuery, withdrawSchema } from "./exposures.schema.js";

const PROGRESS_INTERVAL_MS = 500;

export function exposureRoutes({ exposures, tokens }: Services): Router {
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

  router.post("/:id/withdraw", async (ctx) => {
    const official = requireOfficial(ctx, ["health"]);
    const { reason } = withdrawSchema.parse(ctx.request.body);
    const corrected = await exposures.withdraw(official, ctx.params.id ?? "", reason);
    ctx.body = { id: ctx.params.id, status: "withdrawn", corrected };
  });

  router.post("/:id/clear", async (ctx) => {
    const official = requireOfficial(ctx, ["health"]);
    const { idNumber, reason } = clearPersonSchema.parse(ctx.request.body);
    ctx.body = { cleared: await exposures.clearPerson(official, ctx.params.id ?? "", idNumber, reason) };
  });

  /** The progress as server-sent events, for the console's progress bar; ends when the event is done. */
  router.get("/:id/stream", async (ctx) => {
    await authenticateStream(ctx, tokens);
    const official = requireOfficial(ctx, ["health"]);
    const id = ctx.params.id ?? "";
    let last = JSON.stringify(await exposures.progress(official, id));
    const stream = openEventStream(ctx);
    stream.send("progress", JSON.parse(last));
    const timer = setInterval(async () => {
      const progress = await exposures.progress(official, id).catch(() => null);
      if (!progress) return stream.end();
      const now = JSON.stringify(progress);
      if (now !== last) stream.send("progress", progress);
      last = now;
      if (progress.status === "done" || progress.status === "withdrawn") stream.end();
    }, PROGRESS_INTERVAL_MS);
    stream.onEnd(() => clearInterval(timer));
  });

  router.get("/", async (ctx) => {
    const official = requireOfficial(ctx, ["health"]);
    ctx.body = { exposures: await exposures.list(official, listExposuresQuery.parse(ctx.query).limit) };
  });

  router.get("/:id", async (ctx) => {
    const official = requireOfficial(ctx, ["health"]);
    ctx.body = await exposures.progress(official, ctx.params.id ?? "");
  });

  return router;
}

import { z } from "zod";
import { defineRoute } from "../http/contract.js";
import { authenticateStream, openEventStream } from "../http/event-stream.js";
import { id, idParams } from "../http/schemas.js";
import { requireOfficial } from "../policies/index.js";
import type { Services } from "../services.js";
import {
  clearPersonSchema,
  createExposureSchema,
  exposureCreatedSchema,
  exposureListSchema,
  exposurePreviewSchema,
  exposureProgressSchema,
  exposureRequestSchema,
  listExposuresQuery,
  withdrawSchema,
} from "./exposures.schema.js";

const PROGRESS_INTERVAL_MS = 500;
const HEALTH = "health officials (a district-limited one within their district)";
const healthOfficial = (ctx: Parameters<typeof requireOfficial>[0]) => requireOfficial(ctx, ["health"]);

export function exposureRoutes({ exposures, tokens }: Services) {
  return [
    defineRoute({
      method: "post",
      path: "/api/exposures/preview",
      tag: "exposures",
      summary: "How many people and visits an event would reach, by venue; alerts nobody (audited)",
      access: HEALTH,
      authorize: healthOfficial,
      body: exposureRequestSchema,
      responses: { 200: exposurePreviewSchema },
      async handle(ctx, { body }, official) {
        ctx.body = await exposures.preview(official, body);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/exposures",
      tag: "exposures",
      summary:
        "Flag places and times (or a case's movements): everyone whose visit overlapped is alerted, once; more than EXPOSURE_CONFIRM_THRESHOLD people wait for a second official. Repeating an idempotencyKey answers 200 with the event it created; without a key, the same official sending the same windows, level, message and matching again is the same sending too (200 with that event) until it is withdrawn. Windows that ended before the oldest visit kept (RETENTION_DAYS) are refused",
      access: HEALTH,
      authorize: healthOfficial,
      body: createExposureSchema,
      responses: { 200: exposureCreatedSchema, 202: exposureCreatedSchema },
      async handle(ctx, { body }, official) {
        const { exposure, repeated } = await exposures.create(official, body);
        ctx.status = repeated ? 200 : 202;
        ctx.body = { id: String(exposure._id), status: exposure.status, total: exposure.total };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/exposures/:id/confirm",
      tag: "exposures",
      summary: "A second health official releases an event held for confirmation",
      access: HEALTH,
      authorize: healthOfficial,
      params: idParams,
      responses: { 200: exposureCreatedSchema },
      async handle(ctx, { params }, official) {
        const exposure = await exposures.confirm(official, params.id);
        ctx.body = { id: String(exposure._id), status: exposure.status, total: exposure.total };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/exposures/:id/withdraw",
      tag: "exposures",
      summary: "Withdraw a mistaken event: everyone alerted gets a correction and their pass turns back (audited)",
      access: HEALTH,
      authorize: healthOfficial,
      params: idParams,
      body: withdrawSchema,
      responses: {
        200: z.strictObject({ id, status: z.literal("withdrawn"), corrected: z.number().int() }),
      },
      async handle(ctx, { params, body }, official) {
        const corrected = await exposures.withdraw(official, params.id, body.reason);
        ctx.body = { id: params.id, status: "withdrawn", corrected };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/exposures/:id/clear",
      tag: "exposures",
      summary: "Clear one person's alert after checking on them, with a reason: their pass turns back (audited)",
      access: HEALTH,
      authorize: healthOfficial,
      params: idParams,
      body: clearPersonSchema,
      responses: { 200: z.strictObject({ cleared: z.number().int() }) },
      async handle(ctx, { params, body }, official) {
        ctx.body = { cleared: await exposures.clearPerson(official, params.id, body.idNumber, body.reason) };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/exposures/:id/stream",
      tag: "exposures",
      summary:
        "The progress as server-sent events (`progress`, each an ExposureProgress) until the event is done; ?access_token= for EventSource",
      access: HEALTH,
      async authorize(ctx) {
        await authenticateStream(ctx, tokens);
        return healthOfficial(ctx);
      },
      params: idParams,
      query: z.object({ access_token: z.string().optional() }).strict(),
      responses: { 200: { contentType: "text/event-stream", description: "server-sent events" } },
      async handle(ctx, { params }, official) {
        let last = JSON.stringify(await exposures.progress(official, params.id));
        const stream = openEventStream(ctx);
        stream.send("progress", JSON.parse(last));
        const timer = setInterval(async () => {
          const progress = await exposures.progress(official, params.id).catch(() => null);
          if (!progress) return stream.end();
          const now = JSON.stringify(progress);
          if (now !== last) stream.send("progress", progress);
          last = now;
          if (progress.status === "done" || progress.status === "withdrawn") stream.end();
        }, PROGRESS_INTERVAL_MS);
        stream.onEnd(() => clearInterval(timer));
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/exposures",
      tag: "exposures",
      summary: "Past events with their last counted figures, newest first (a district official: their district's)",
      access: HEALTH,
      authorize: healthOfficial,
      query: listExposuresQuery,
      responses: { 200: exposureListSchema },
      async handle(ctx, { query }, official) {
        ctx.body = { exposures: await exposures.list(official, query.limit) };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/exposures/:id",
      tag: "exposures",
      summary: "An event's delivery progress",
      access: HEALTH,
      authorize: healthOfficial,
      params: idParams,
      responses: { 200: exposureProgressSchema },
      async handle(ctx, { params }, official) {
        ctx.body = await exposures.progress(official, params.id);
      },
    }),
  ];
}

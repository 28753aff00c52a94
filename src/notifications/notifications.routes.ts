import { z } from "zod";
import { SELF_RELATION } from "../companions/relations.js";
import { defineRoute } from "../http/contract.js";
import { named } from "../http/named.js";
import { id, idParams, isoTime } from "../http/schemas.js";
import { requireResident } from "../policies/index.js";
import type { Services } from "../services.js";

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();

export const notificationSchema = named(
  "Notification",
  z.strictObject({
    id,
    exposureId: id,
    kind: z
      .enum(["alert", "correction", "clearance"])
      .describe("correction: an earlier alert's event was withdrawn; clearance: a health official cleared the alert"),
    about: z.strictObject({
      name: z.string().describe("masked"),
      relation: z.string().describe(`${SELF_RELATION}: about the resident; otherwise about their companion`),
    }),
    riskLevel: z.enum(["high", "medium"]),
    text: z.string(),
    acknowledged: z.boolean(),
    cleared: z.boolean().describe("an alert withdrawn or cleared since: it no longer affects the pass"),
    createdAt: isoTime,
  }),
);
export type NotificationView = z.infer<typeof notificationSchema>;

/** The in-app inbox: alerts about the resident and about the companions they registered. */
export function notificationRoutes({ notifications }: Services) {
  return [
    defineRoute({
      method: "get",
      path: "/api/me/notifications",
      tag: "notifications",
      summary: "The resident's inbox: alerts about them and their companions, and corrections, newest first",
      access: "resident",
      authorize: requireResident,
      query: listQuery,
      responses: { 200: named("Notifications", z.strictObject({ notifications: z.array(notificationSchema) })) },
      async handle(ctx, { query }, { userId }) {
        ctx.body = { notifications: await notifications.listFor(userId, query.limit) };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/me/notifications/:id/ack",
      tag: "notifications",
      summary: "Acknowledge an alert (我已知晓)",
      access: "resident (the alert's recipient)",
      authorize: requireResident,
      params: idParams,
      responses: { 204: null },
      async handle(ctx, { params }, { userId }) {
        await notifications.acknowledge(userId, params.id);
        ctx.status = 204;
      },
    }),
  ];
}

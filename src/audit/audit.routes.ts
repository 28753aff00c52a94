import { z } from "zod";
import { defineRoute } from "../http/contract.js";
import { named } from "../http/named.js";
import { id, isoTime } from "../http/schemas.js";
import { requireOfficial } from "../policies/index.js";
import type { Services } from "../services.js";

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();

export const auditRecordSchema = named(
  "AuditRecord",
  z.strictObject({
    id,
    username: z.string(),
    action: z.string().describe("exposure.preview, health-code.set, identity.correct, venue.region, …"),
    actionName: z.string().describe("the action in Chinese, as officials call it"),
    summary: z.string().describe("what was asked or changed, in one Chinese line (identity numbers masked)"),
    localTime: z.string().describe("when, in China time (YYYY/MM/DD HH:mm:ss)"),
    query: z.record(z.string(), z.unknown()).describe("what was asked, identity numbers masked"),
    peopleTouched: z.number().int(),
    at: isoTime,
  }),
);

/** GET /api/audit — every look-up of tracing data and every change to a person's status, for administrators. */
export function auditRoutes({ audit }: Services) {
  return [
    defineRoute({
      method: "get",
      path: "/api/audit",
      tag: "audit",
      summary: "The audit log, newest first: tracing look-ups, exports, status changes and officials' decisions",
      access: "admin",
      authorize: (ctx) => requireOfficial(ctx, ["admin"]),
      query: listQuery,
      responses: { 200: z.strictObject({ records: z.array(auditRecordSchema) }) },
      async handle(ctx, { query }) {
        ctx.body = { records: await audit.list(query.limit) };
      },
    }),
  ];
}

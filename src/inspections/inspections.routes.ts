import { z } from "zod";
import { defineRoute } from "../http/contract.js";
import { named } from "../http/named.js";
import { id, isoTime } from "../http/schemas.js";
import { requireOfficial } from "../policies/index.js";
import type { Services } from "../services.js";
import { INSPECTION_RESULTS } from "./inspection.model.js";
import { listInspectionsQuery, recordInspectionSchema } from "./inspections.schema.js";

export const inspectionSchema = named(
  "Inspection",
  z.strictObject({
    id,
    venueId: id,
    venueName: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
    result: z.enum(INSPECTION_RESULTS),
    rectifiedOnSite: z.boolean(),
    fineYuan: z.number().int().nullable(),
    note: z.string(),
    inspector: z.string(),
    at: isoTime,
  }),
);

/** Police inspections of venues: recorded by police, read by police and administrators. */
export function inspectionRoutes({ inspections }: Services) {
  return [
    defineRoute({
      method: "post",
      path: "/api/inspections",
      tag: "inspections",
      summary: "Record a police inspection of a venue: code applied for, posted, enforced; a fine if any",
      access: "police (a district-limited one within their district)",
      authorize: (ctx) => requireOfficial(ctx, ["police"]),
      body: recordInspectionSchema,
      responses: { 201: inspectionSchema },
      async handle(ctx, { body }, official) {
        ctx.status = 201;
        ctx.body = await inspections.record(official, body);
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/inspections",
      tag: "inspections",
      summary: "Inspections, newest first, for one venue or one district",
      access: "police, admin (a district-limited official: their district only)",
      authorize: (ctx) => requireOfficial(ctx, ["police", "admin"]),
      query: listInspectionsQuery,
      responses: { 200: z.strictObject({ inspections: z.array(inspectionSchema) }) },
      async handle(ctx, { query }, official) {
        ctx.body = { inspections: await inspections.list(official, query) };
      },
    }),
  ];
}

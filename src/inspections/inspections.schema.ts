import mongoose from "mongoose";
import { z } from "zod";
import { freeText } from "../audit/audit.schema.js";
import { INSPECTION_RESULTS } from "./inspection.model.js";

const objectId = z
  .string()
  .refine((id) => mongoose.isValidObjectId(id) && /^[0-9a-f]{24}$/i.test(id), "expected a venue id");

export const recordInspectionSchema = z
  .object({
    venueId: objectId,
    result: z.enum(INSPECTION_RESULTS),
    rectifiedOnSite: z.boolean(),
    fineYuan: z.number().int("expected whole yuan").min(0).max(100_000).optional(),
    note: freeText(0, 500, "a note").default(""),
  })
  .strict()
  .refine((input) => input.result !== "compliant" || input.fineYuan === undefined, {
    message: "a compliant venue is not fined",
    path: ["fineYuan"],
  });

export const listInspectionsQuery = z
  .object({
    venueId: objectId.optional(),
    region: z
      .string()
      .regex(/^[A-Za-z0-9-]{2,20}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

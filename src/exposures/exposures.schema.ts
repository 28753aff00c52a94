import { z } from "zod";
import { freeText, reasonSchema } from "../audit/audit.schema.js";
import { personSchema } from "../identity/person.js";

const isoTime = z.iso.datetime({ offset: true, error: "expected an ISO time such as 2022-03-16T14:00:00+08:00" });

const place = z
  .object({
    code: z
      .string()
      .regex(/^[A-Za-z0-9_-]{20}$/, "expected a venue code")
      .optional(),
    venueId: z
      .string()
      .regex(/^[0-9a-f]{24}$/, "expected a venue id")
      .optional(),
    start: isoTime,
    end: isoTime,
  })
  .strict()
  .refine((p) => Boolean(p.code) !== Boolean(p.venueId), "give either code or venueId")
  .refine((p) => Date.parse(p.start) < Date.parse(p.end), { message: "start must be before end", path: ["end"] })
  .refine((p) => Date.parse(p.end) <= Date.now(), { message: "a window may end no later than now", path: ["end"] })
  .refine((p) => Date.parse(p.end) - Date.parse(p.start) <= 7 * 86_400_000, {
    message: "a window is at most 7 days",
    path: ["end"],
  });

const exposureCase = z
  .object({ idNumber: personSchema.shape.idNumber, from: isoTime, to: isoTime })
  .strict()
  .refine((c) => Date.parse(c.from) < Date.parse(c.to), { message: "from must be before to", path: ["to"] });

export const exposureRequestSchema = z
  .object({
    places: z.array(place).min(1).max(50).optional(),
    case: exposureCase.optional(),
    riskLevel: z.enum(["high", "medium"]),
    message: freeText(1, 300, "a message"),
    minOverlapMinutes: z.number().int().min(1).max(600).default(1),
  })
  .strict()
  .refine((body) => Boolean(body.places) !== Boolean(body.case), "give either places or case");

export type ExposureRequest = z.infer<typeof exposureRequestSchema>;

export const withdrawSchema = z.object({ reason: reasonSchema }).strict();

export const clearPersonSchema = z.object({ idNumber: personSchema.shape.idNumber, reason: reasonSchema }).strict();

export const listExposuresQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

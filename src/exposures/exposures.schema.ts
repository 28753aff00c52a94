import { z } from "zod";
import { freeText, reasonSchema } from "../audit/audit.schema.js";
import { named } from "../http/named.js";
import { id, isoTime as isoInstant } from "../http/schemas.js";
import { personSchema } from "../identity/person.js";
import { EXPOSURE_STATUSES } from "./exposure.model.js";

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
  // Up to three minutes ahead: the console's default end is the end of the minute after this one,
  // so a scan made just now still overlaps the window by a whole minute and counts; and a browser's
  // clock may run a little ahead of the server's.
  .refine((p) => Date.parse(p.end) <= Date.now() + 180_000, {
    message: "a window may end no later than three minutes from now",
    path: ["end"],
  })
  .refine((p) => Date.parse(p.end) - Date.parse(p.start) <= 7 * 86_400_000, {
    message: "a window is at most 7 days",
    path: ["end"],
  });

const exposureCase = z
  .object({ idNumber: personSchema.shape.idNumber, from: isoTime, to: isoTime })
  .strict()
  .refine((c) => Date.parse(c.from) < Date.parse(c.to), { message: "from must be before to", path: ["to"] });

const exposureFields = {
  places: z.array(place).min(1).max(50).optional(),
  case: exposureCase.optional(),
  riskLevel: z.enum(["high", "medium"]),
  message: freeText(1, 300, "a message"),
  minOverlapMinutes: z
    .number()
    .int()
    .min(0)
    .max(600)
    .default(1)
    .describe(
      "the least time a visit must share with the window; 0 counts any visit that touched it, however briefly (a check-out or a scan elsewhere seconds after checking in)",
    ),
  estimatedStayMinutes: z
    .number()
    .int()
    .min(1)
    .max(720)
    .optional()
    .describe(
      "where nobody saw a person leave (the case too, in a case-based event), assume they stayed up to this long (instead of the category's assumed stay); an observed check-out or scan elsewhere still ends a visit",
    ),
};
const placesOrCase = (body: { places?: unknown; case?: unknown }) => Boolean(body.places) !== Boolean(body.case);

export const exposureRequestSchema = z
  .object(exposureFields)
  .strict()
  .refine(placesOrCase, "give either places or case");

/** Creating an event: the same request, with the key the console chose for this one sending. */
export const createExposureSchema = z
  .object({
    ...exposureFields,
    idempotencyKey: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,64}$/, "expected a key of 16 to 64 letters, digits, - or _")
      .optional()
      .describe(
        "16 to 64 letters, digits, - or _, chosen by the client for one sending; repeating it returns the event already created",
      ),
  })
  .strict()
  .refine(placesOrCase, "give either places or case");

export type ExposureRequest = z.infer<typeof exposureRequestSchema>;
export type CreateExposureRequest = z.infer<typeof createExposureSchema>;

export const withdrawSchema = z.object({ reason: reasonSchema }).strict();

export const clearPersonSchema = z.object({ idNumber: personSchema.shape.idNumber, reason: reasonSchema }).strict();

export const listExposuresQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

const riskLevel = z.enum(["high", "medium"]);
const sends = z.strictObject({ sent: z.number().int(), failed: z.number().int() });

export const exposurePreviewSchema = named(
  "ExposurePreview",
  z.strictObject({
    people: z.number().int().describe("people who would be alerted"),
    observed: z
      .number()
      .int()
      .describe("of them, people seen there within a window (check-in, check-out, a scan elsewhere)"),
    estimatedOnly: z
      .number()
      .int()
      .describe(
        "of them, people included only because an estimated stay (约) from an earlier check-in reaches a window",
      ),
    estimatedStayMinutes: z
      .number()
      .int()
      .nullable()
      .describe("the stay assumed where nobody saw a person leave; null: each category's"),
    visits: z.number().int(),
    windows: z.number().int(),
    byVenue: z.array(
      z.strictObject({
        venueId: id,
        venueName: z.string(),
        people: z.number().int(),
        estimatedOnly: z.number().int().describe("people here only by an estimated stay"),
        visits: z.number().int(),
      }),
    ),
  }),
);

export const exposureCreatedSchema = named(
  "ExposureCreated",
  z.strictObject({ id, status: z.enum(EXPOSURE_STATUSES), total: z.number().int() }),
);

export const exposureProgressSchema = named(
  "ExposureProgress",
  z.strictObject({
    id,
    status: z.enum(EXPOSURE_STATUSES),
    riskLevel,
    total: z.number().int().describe("people to alert"),
    delivered: z.number().int().describe("people whose inbox has the alert"),
    failed: z.number().int().describe("people nobody could be told (no account)"),
    byChannel: z.strictObject({ inbox: z.number().int(), subscribeMessage: sends, bot: sends }),
    createdBy: z.string(),
    createdAt: isoInstant,
  }),
);
export type ExposureProgressView = z.infer<typeof exposureProgressSchema>;

export const exposureListSchema = named(
  "Exposures",
  z.strictObject({
    exposures: z.array(
      z.strictObject({
        id,
        status: z.enum(EXPOSURE_STATUSES),
        riskLevel,
        places: z.array(z.strictObject({ venueName: z.string(), start: isoInstant, end: isoInstant })),
        total: z.number().int(),
        delivered: z.number().int(),
        failed: z.number().int(),
        createdBy: z.string(),
        createdAt: isoInstant,
      }),
    ),
  }),
);

import { z } from "zod";
import { MAX_COMPANIONS } from "../companions/companions.service.js";
import { named } from "../http/named.js";
import { personSchema } from "../identity/person.js";
import { venueFields } from "../venues/venues.schema.js";
import { visitSchema } from "../visits/visit.presenter.js";
import { passSchema } from "./pass.js";

export const scanSchema = z
  .object({
    code: z.string().min(1).max(64),
    companionIds: z.array(z.string().max(32)).max(MAX_COMPANIONS).default([]),
    /** Chosen by the client per scan attempt; a retry with the same id returns the same result. */
    requestId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, "expected 8 to 64 letters, digits, dashes or underscores")
      .optional(),
  })
  .strict();

/**
 * A visitor without a phone (无手机入场), as staff type them in: the phone is optional (they may
 * have none with them), and may be a landline to reach them at home.
 */
export const visitorSchema = z
  .object({
    name: personSchema.shape.name,
    idNumber: personSchema.shape.idNumber,
    phone: venueFields.contactPhone.optional().or(z.literal("").transform(() => undefined)),
  })
  .strict();

export type VisitorInput = z.infer<typeof visitorSchema>;

export const scanOutcomeSchema = named(
  "ScanOutcome",
  z.strictObject({
    visits: z.array(visitSchema).describe("the scanner first, then the companions picked"),
    passes: z.array(passSchema).describe("one per visit, in the same order, as of now"),
    repeated: z.boolean().describe("true: nothing new was recorded (a repeat within 10 minutes, or a retried request)"),
  }),
);

export const manualEntrySchema = named(
  "ManualEntry",
  z.strictObject({ visit: visitSchema, pass: passSchema.describe("the colour only") }),
);

import { z } from "zod";
import { named } from "../http/named.js";
import { id, isoTime } from "../http/schemas.js";
import { personSchema } from "../identity/person.js";
import { CONSENT_STATES } from "./companion.model.js";
import { COMPANION_RELATIONS } from "./relations.js";

export const addCompanionSchema = z
  .object({
    name: personSchema.shape.name,
    idNumber: personSchema.shape.idNumber,
    relation: z.enum(COMPANION_RELATIONS, { error: `expected one of ${COMPANION_RELATIONS.join("、")}` }),
  })
  .strict();

export type AddCompanionInput = z.infer<typeof addCompanionSchema>;

export const answerRequestSchema = z
  .object({ decision: z.enum(["accept", "decline"], { error: "expected accept or decline" }) })
  .strict();

export const companionSchema = named(
  "Companion",
  z.strictObject({
    id,
    name: z.string().describe("masked"),
    idNumber: z.string().describe("masked"),
    relation: z.enum(COMPANION_RELATIONS),
    consent: z
      .enum(CONSENT_STATES)
      .describe("pending or declined: the person has an account of their own and must agree first"),
    createdAt: isoTime,
  }),
);
export type CompanionView = z.infer<typeof companionSchema>;

export const companionRequestsSchema = named(
  "CompanionRequests",
  z.strictObject({
    requests: z.array(
      z.strictObject({
        id,
        requestedBy: z.string().describe("the masked real name of the resident who asks"),
        relation: z.enum(COMPANION_RELATIONS),
        consent: z.enum(["pending", "given"]),
        createdAt: isoTime,
      }),
    ),
  }),
);

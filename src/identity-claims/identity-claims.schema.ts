import { z } from "zod";
import { freeText, reasonSchema } from "../audit/audit.schema.js";
import { named } from "../http/named.js";
import { id, isoTime } from "../http/schemas.js";
import { personSchema } from "../identity/person.js";
import { CLAIM_STATUSES } from "./identity-claim.model.js";

export const fileClaimSchema = personSchema
  .extend({
    note: freeText(2, 200, "a note"),
  })
  .strict();

export const listClaimsQuery = z
  .object({
    status: z.enum(["pending", "granted", "rejected"]).default("pending"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const resolveClaimSchema = z
  .object({ decision: z.enum(["grant", "reject"], { error: "expected grant or reject" }), reason: reasonSchema })
  .strict();

/** An official corrects the identity number (and name) of the account verified with `idNumber`. */
export const correctionSchema = z
  .object({
    idNumber: personSchema.shape.idNumber,
    correctName: personSchema.shape.name,
    correctIdNumber: personSchema.shape.idNumber,
    reason: reasonSchema,
  })
  .strict();

export type FileClaimInput = z.infer<typeof fileClaimSchema>;
export type CorrectionInput = z.infer<typeof correctionSchema>;

export const claimSchema = named(
  "IdentityClaim",
  z.strictObject({
    id,
    status: z.enum(CLAIM_STATUSES),
    person: z.strictObject({ name: z.string().describe("masked"), idNumber: z.string().describe("masked") }),
    note: z.string(),
    createdAt: isoTime,
  }),
);
export type ClaimView = z.infer<typeof claimSchema>;

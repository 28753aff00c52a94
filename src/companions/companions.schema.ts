import { z } from "zod";
import { personSchema } from "../identity/person.js";
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

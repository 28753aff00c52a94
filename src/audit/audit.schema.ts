import { z } from "zod";
import { containsIdNumber, NO_ID_NUMBER_MESSAGE } from "../identity/masking.js";

/** Free text people type for others to read (reasons, notes, messages): never an identity number. */
export function freeText(min: number, max: number, what: string) {
  return z
    .string()
    .trim()
    .min(min, `expected ${what} of at least ${min} characters`)
    .max(max, `expected ${what} of at most ${max} characters`)
    .refine((text) => !containsIdNumber(text), `${what} ${NO_ID_NUMBER_MESSAGE}`);
}

/** Why an official changed someone's status or record: required, and kept in the audit log. */
export const reasonSchema = freeText(2, 200, "a reason");

import { z } from "zod";
import { withoutIdNumber } from "../http/schemas.js";

/**
 * Control characters (but line breaks and tabs) and the marks that reverse how text runs: shown to
 * others, they could make a reason read as something else.
 */
const UNPRINTABLE = /(?![\n\r\t])\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u;

/** Free text people type for others to read (reasons, notes, messages): never an identity number. */
export function freeText(min: number, max: number, what: string) {
  return withoutIdNumber(
    z
      .string()
      .trim()
      .min(min, `expected ${what} of at least ${min} characters`)
      .max(max, `expected ${what} of at most ${max} characters`)
      .refine((text) => !UNPRINTABLE.test(text), `${what} must not contain control or text-direction characters`),
    what,
  );
}

/** Why an official changed someone's status or record: required, and kept in the audit log. */
export const reasonSchema = freeText(2, 200, "a reason");

import { z } from "zod";

/** Why an official changed someone's status or record: required, and kept in the audit log. */
export const reasonSchema = z
  .string()
  .trim()
  .min(2, "expected a reason of at least 2 characters")
  .max(200, "expected a reason of at most 200 characters");

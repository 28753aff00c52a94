import { z } from "zod";
import { MAX_COMPANIONS } from "../companions/companions.service.js";

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

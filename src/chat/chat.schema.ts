import { z } from "zod";

const sessionId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "expected 8 to 64 letters, digits, dashes or underscores");

export const chatSchema = z.object({ sessionId, text: z.string().min(1).max(500) }).strict();

export const webSignInLinkSchema = z.object({ sessionId }).strict();

export const collectSignInSchema = z
  .object({ secret: z.string().regex(/^[A-Za-z0-9_-]{32}$/, "expected the secret given with the link") })
  .strict();

import { z } from "zod";
import { named } from "../http/named.js";
import { isoTime, withoutIdNumber } from "../http/schemas.js";
import { userViewSchema } from "../users/user.presenter.js";

/** Part of the conversation's key in Redis: an identity number there would be kept in clear. */
const sessionId = withoutIdNumber(
  z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "expected 8 to 64 letters, digits, dashes or underscores"),
);

export const chatSchema = z.object({ sessionId, text: z.string().min(1).max(500) }).strict();

export const webSignInLinkSchema = z.object({ sessionId }).strict();

export const collectSignInSchema = z
  .object({ secret: z.string().regex(/^[A-Za-z0-9_-]{32}$/, "expected the secret given with the link") })
  .strict();

export const chatRepliesSchema = named(
  "ChatReplies",
  z.strictObject({
    replies: z.array(
      z.discriminatedUnion("type", [
        z.strictObject({ type: z.literal("text"), text: z.string() }),
        z.strictObject({ type: z.literal("image"), url: z.string().describe("a PNG data URL (the QR code)") }),
        z.strictObject({ type: z.literal("sign-in") }).describe("the page should offer to sign in, then send 继续"),
      ]),
    ),
  }),
);

export const webSignInLinkViewSchema = named(
  "WebSignInLink",
  z.strictObject({
    token: z.string(),
    url: z.string().describe("PUBLIC_BASE_URL/l/<token>, opened by the mini-program"),
    expiresAt: isoTime,
    secret: z.string().describe("only this page holds it: collecting the sign-in needs it"),
    qr: z.string().describe("the link's QR code as a PNG data URL"),
  }),
);

export const collectedSignInSchema = named(
  "CollectedSignIn",
  z.discriminatedUnion("status", [
    z.strictObject({ status: z.literal("pending") }),
    z.strictObject({ status: z.literal("confirmed"), token: z.string(), expiresAt: isoTime, user: userViewSchema }),
  ]),
);

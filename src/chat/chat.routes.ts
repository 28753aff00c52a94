import { z } from "zod";
import type { Principal } from "../auth/principal.js";
import { RateLimitedError } from "../errors.js";
import { defineRoute } from "../http/contract.js";
import { isoTime } from "../http/schemas.js";
import { requireResident } from "../policies/index.js";
import type { Services } from "../services.js";
import { userView } from "../users/user.presenter.js";
import { qrPng } from "../venues/printables.js";
import {
  chatRepliesSchema,
  chatSchema,
  collectedSignInSchema,
  collectSignInSchema,
  webSignInLinkSchema,
  webSignInLinkViewSchema,
} from "./chat.schema.js";
import type { ChatEngine } from "./conversation.js";

/** Sign-in links one address may ask for in a minute. */
const SIGN_IN_LINKS_PER_MINUTE = 10;

const tokenParams = z.object({ token: z.string() });

/**
 * The web chat transport: POST /api/chat {sessionId, text} → {replies}. Anyone may ask questions;
 * what writes needs a signed-in resident, whose conversation belongs to their account (and picks
 * up the one the page began before signing in). Signing in from a browser goes through the
 * mini-program: a link (QR code) the resident confirms there.
 */
export function chatRoutes(engine: ChatEngine, services: Services) {
  const { bindings, signInLinks, tokens, users, rateLimits, venues } = services;
  return [
    defineRoute({
      method: "post",
      path: "/api/chat",
      tag: "chat",
      summary:
        "The web chat with the bot: questions for anyone, dialogues that write for a signed-in resident (30 messages a minute per conversation, 120 per address)",
      access: "anyone",
      body: chatSchema,
      responses: { 200: chatRepliesSchema },
      async handle(ctx, { body }) {
        const principal = ctx.state.principal as Principal | undefined;
        const userId = principal?.kind === "resident" ? principal.userId : undefined;
        const anonymous = `anon:${body.sessionId}`;
        const replies = await engine.reply(
          {
            channel: "web",
            contactId: userId ? `user:${userId}` : anonymous,
            userId,
            ...(userId ? { continues: anonymous } : {}),
            origin: ctx.ip,
          },
          body.text,
        );
        ctx.body = { replies };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/chat/sign-in-links",
      tag: "chat",
      summary:
        "A link (and its QR code) to sign this web chat in, confirmed in the mini-program (10 a minute per address)",
      access: "anyone",
      body: webSignInLinkSchema,
      responses: { 201: webSignInLinkViewSchema },
      async handle(ctx, { body }) {
        const decision = await rateLimits.perMinute.consume([
          { key: `sign-in-link:${ctx.ip}`, limit: SIGN_IN_LINKS_PER_MINUTE },
        ]);
        if (!decision.allowed) {
          throw new RateLimitedError(
            "SIGN_IN_LINK_RATE_LIMITED",
            "Too many sign-in links from this address",
            "请求太频繁了，请稍后再试。",
            decision.retryAfterSeconds,
          );
        }
        const link = await signInLinks.forWebChat(body.sessionId);
        ctx.status = 201;
        ctx.body = { ...link, qr: `data:image/png;base64,${(await qrPng(link.url)).toString("base64")}` };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/chat/sign-in-links/:token/collect",
      tag: "chat",
      summary: "Whether the link was confirmed; once it was, the resident's token (once, for the holder of the secret)",
      access: "anyone holding the link's secret",
      params: tokenParams,
      body: collectSignInSchema,
      responses: { 200: collectedSignInSchema },
      async handle(ctx, { params, body }) {
        const outcome = await signInLinks.collect(params.token, body.secret);
        if (outcome.status === "pending") {
          ctx.body = outcome;
          return;
        }
        const { token, expiresAt } = await tokens.issue({ kind: "resident", userId: outcome.userId });
        ctx.body = {
          status: "confirmed",
          token,
          expiresAt,
          user: await userView(venues, await users.get(outcome.userId)),
        };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/me/sign-in-links/:token",
      tag: "chat",
      summary:
        "Confirm, in the mini-program, a sign-in link a chat showed (a web chat gets a token; a WeChat contact is bound)",
      access: "resident",
      authorize: requireResident,
      params: tokenParams,
      responses: { 200: z.strictObject({ kind: z.enum(["web", "wechat"]) }) },
      async handle(ctx, { params }, { userId }) {
        ctx.body = await signInLinks.confirm(params.token, userId);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/me/bind-code",
      tag: "chat",
      summary: "A 6-digit code, valid 10 minutes and once, to bind the bot's WeChat contact (send 绑定 <code>)",
      access: "resident",
      authorize: requireResident,
      responses: { 201: z.strictObject({ code: z.string().regex(/^\d{6}$/), expiresAt: isoTime }) },
      async handle(ctx, _input, { userId }) {
        ctx.status = 201;
        ctx.body = await bindings.issueCode(userId);
      },
    }),
  ];
}

import Router from "@koa/router";
import type { Principal } from "../auth/principal.js";
import { RateLimitedError } from "../errors.js";
import { requireResident } from "../policies/index.js";
import type { Services } from "../services.js";
import { userView } from "../users/user.presenter.js";
import { qrPng } from "../venues/printables.js";
import { chatSchema, collectSignInSchema, webSignInLinkSchema } from "./chat.schema.js";
import type { ChatEngine } from "./conversation.js";

/** Sign-in links one address may ask for in a minute. */
const SIGN_IN_LINKS_PER_MINUTE = 10;

/**
 * The web chat transport: POST /api/chat {sessionId, text} → {replies}. Anyone may ask questions;
 * what writes needs a signed-in resident, whose conversation belongs to their account (and picks
 * up the one the page began before signing in). Signing in from a browser goes through the
 * mini-program: a link (QR code) the resident confirms there.
 */
export function chatRoutes(engine: ChatEngine, services: Services): Router {
  const { bindings, signInLinks, tokens, users, rateLimits } = services;
  const router = new Router({ prefix: "/api" });

  router.post("/chat", async (ctx) => {
    const { sessionId, text } = chatSchema.parse(ctx.request.body);
    const principal = ctx.state.principal as Principal | undefined;
    const userId = principal?.kind === "resident" ? principal.userId : undefined;
    const anonymous = `anon:${sessionId}`;
    const replies = await engine.reply(
      {
        channel: "web",
        contactId: userId ? `user:${userId}` : anonymous,
        userId,
        ...(userId ? { continues: anonymous } : {}),
        origin: ctx.ip,
      },
      text,
    );
    ctx.body = { replies };
  });

  /** A link to sign this web chat in: shown as a QR code, confirmed in the mini-program. */
  router.post("/chat/sign-in-links", async (ctx) => {
    const { sessionId } = webSignInLinkSchema.parse(ctx.request.body);
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
    const link = await signInLinks.forWebChat(sessionId);
    ctx.status = 201;
    ctx.body = { ...link, qr: `data:image/png;base64,${(await qrPng(link.url)).toString("base64")}` };
  });

  /** The web chat asks whether its link was confirmed; once it was, it gets the resident's token. */
  router.post("/chat/sign-in-links/:token/collect", async (ctx) => {
    const { secret } = collectSignInSchema.parse(ctx.request.body);
    const outcome = await signInLinks.collect(ctx.params.token ?? "", secret);
    if (outcome.status === "pending") {
      ctx.body = outcome;
      return;
    }
    const { token, expiresAt } = await tokens.issue({ kind: "resident", userId: outcome.userId });
    ctx.body = {
      status: "confirmed",
      token,
      expiresAt,
      user: await userView(services.venues, await users.get(outcome.userId)),
    };
  });

  /** The resident, in the mini-program, confirms a sign-in link a chat showed them. */
  router.post("/me/sign-in-links/:token", async (ctx) => {
    const { userId } = requireResident(ctx);
    ctx.body = await signInLinks.confirm(ctx.params.token ?? "", userId);
  });

  /** A one-time code to link the bot's WeChat contact to this account: send "绑定 <code>" to the bot. */
  router.post("/me/bind-code", async (ctx) => {
    const { userId } = requireResident(ctx);
    ctx.status = 201;
    ctx.body = await bindings.issueCode(userId);
  });

  return router;
}

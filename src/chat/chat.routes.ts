import Router from "@koa/router";
import { z } from "zod";
import type { ConversationEngine } from "../../bot/engine/index.js";
import type { Principal } from "../auth/principal.js";
import { requireResident } from "../policies/index.js";
import type { Services } from "../services.js";

const chatSchema = z
  .object({
    sessionId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "expected 8 to 64 letters, digits, dashes or underscores"),
    text: z.string().min(1).max(500),
  })
  .strict();

/**
 * The web chat transport: POST /api/chat {sessionId, text} → {replies}. A signed-in resident's
 * conversation belongs to their account; anyone else's to the session id.
 */
export function chatRoutes(engine: ConversationEngine, { bindings }: Services): Router {
  const router = new Router({ prefix: "/api" });

  router.post("/chat", async (ctx) => {
    const { sessionId, text } = chatSchema.parse(ctx.request.body);
    const principal = ctx.state.principal as Principal | undefined;
    const userId = principal?.kind === "resident" ? principal.userId : undefined;
    const replies = await engine.reply(
      { channel: "web", contactId: userId ? `user:${userId}` : `anon:${sessionId}`, userId },
      text,
    );
    ctx.body = { replies };
  });

  /** A one-time code to link the bot's WeChat contact to this account: send "绑定 <code>" to the bot. */
  router.post("/me/bind-code", async (ctx) => {
    const { userId } = requireResident(ctx);
    ctx.status = 201;
    ctx.body = await bindings.issueCode(userId);
  });

  return router;
}

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { NotFoundError } from "../errors.js";
import type { RedisClient } from "../infra/redis-client.js";
import type { BindingsService } from "./bindings.service.js";

/** A link is valid this long: long enough to find the phone and open it. */
export const SIGN_IN_LINK_SECONDS = 10 * 60;

/** What a link, once confirmed in the mini-program, signs in: a web chat's session, or a WeChat contact. */
type LinkState =
  | { kind: "web"; sessionId: string; secretHash: string; userId?: string }
  | { kind: "wechat"; contactId: string };

/**
 * Signs a chat in to a resident's account through the mini-program, the one place a resident is
 * signed in by WeChat: the chat shows a link (or its QR code), the resident opens it in the
 * mini-program and confirms. A WeChat contact is then bound to the account; a web chat collects a
 * token with the secret only it holds (whoever only saw the QR code on its screen cannot).
 */
export class SignInLinks {
  constructor(
    private readonly redis: RedisClient,
    private readonly bindings: BindingsService,
    private readonly publicBaseUrl: string,
  ) {}

  async forWebChat(sessionId: string) {
    const secret = randomBytes(24).toString("base64url");
    const link = await this.create({ kind: "web", sessionId, secretHash: digest(secret) });
    return { ...link, secret };
  }

  forWeChatContact(contactId: string) {
    return this.create({ kind: "wechat", contactId });
  }

  /** The signed-in resident confirms a link they opened in the mini-program. */
  async confirm(token: string, userId: string): Promise<{ kind: LinkState["kind"] }> {
    const state = await this.read(token);
    // Confirmed once: whoever else saw the QR code cannot swap their own account in.
    if (state.kind === "web" && state.userId) throw linkNotFound();
    if (state.kind === "wechat") {
      await this.redis.del(key(token));
      await this.bindings.link("wechat", state.contactId, userId);
    } else {
      const ttl = await this.redis.pttl(key(token));
      await this.redis.set(key(token), JSON.stringify({ ...state, userId }), "PX", Math.max(1, ttl));
    }
    return { kind: state.kind };
  }

  /**
   * What the web chat that asked for the link learns: still waiting, or (once) the account it is
   * now signed in as. Only the holder of the secret may ask.
   */
  async collect(
    token: string,
    secret: string,
  ): Promise<{ status: "pending" } | { status: "confirmed"; userId: string }> {
    const state = await this.read(token);
    if (state.kind !== "web" || !sameDigest(state.secretHash, digest(secret))) throw linkNotFound();
    if (!state.userId) return { status: "pending" };
    await this.redis.del(key(token));
    return { status: "confirmed", userId: state.userId };
  }

  private async create(state: LinkState) {
    const token = randomBytes(16).toString("base64url");
    await this.redis.set(key(token), JSON.stringify(state), "EX", SIGN_IN_LINK_SECONDS);
    return {
      token,
      url: `${this.publicBaseUrl}/l/${token}`,
      expiresAt: new Date(Date.now() + SIGN_IN_LINK_SECONDS * 1000).toISOString(),
    };
  }

  private async read(token: string): Promise<LinkState> {
    const stored = /^[A-Za-z0-9_-]{22}$/.test(token) ? await this.redis.get(key(token)) : null;
    if (!stored) throw linkNotFound();
    return JSON.parse(stored) as LinkState;
  }
}

const key = (token: string) => `sign-in-link:${token}`;
const digest = (secret: string) => createHash("sha256").update(secret).digest("base64url");
const sameDigest = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function linkNotFound(): NotFoundError {
  return new NotFoundError(
    "No such sign-in link: it is wrong, used or expired",
    "登录链接无效或已过期，请回到聊天里重新获取。",
    "SIGN_IN_LINK_NOT_FOUND",
  );
}

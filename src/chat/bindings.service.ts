import { randomInt } from "node:crypto";
import type { Logger } from "../infra/logger.js";
import { RateLimiter } from "../infra/rate-limiter.js";
import type { RedisClient } from "../infra/redis-client.js";
import { ChatBinding } from "./binding.model.js";

export const BIND_CODE_SECONDS = 10 * 60;
/** Tries at a bind code one contact gets before it must wait out the lock. */
export const BIND_ATTEMPTS = 5;
export const BIND_LOCK_SECONDS = 15 * 60;

export type Redemption =
  | { outcome: "bound"; userId: string }
  | { outcome: "wrong" }
  | { outcome: "locked"; retryAfterSeconds: number };

/**
 * Links chat contacts to accounts: the mini-program shows a one-time 6-digit code (valid ten
 * minutes), the resident sends "绑定 <code>" to the bot. A contact has five tries, counted before
 * each code is checked, then waits fifteen minutes: a million codes cannot be guessed that way.
 */
export class BindingsService {
  private readonly attempts: RateLimiter;

  constructor(
    private readonly redis: RedisClient,
    logger: Logger,
  ) {
    this.attempts = new RateLimiter(redis, logger, BIND_LOCK_SECONDS * 1000);
  }

  async issueCode(userId: string): Promise<{ code: string; expiresAt: string }> {
    for (;;) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
      if (await this.redis.set(`bind-code:${code}`, userId, "EX", BIND_CODE_SECONDS, "NX")) {
        return { code, expiresAt: new Date(Date.now() + BIND_CODE_SECONDS * 1000).toISOString() };
      }
    }
  }

  /** Uses up the code and links the contact, unless the contact has used up its tries. */
  async redeem(channel: "wechat", contactId: string, code: string): Promise<Redemption> {
    const attemptsKey = `bind:${channel}:${contactId}`;
    const decision = await this.attempts.consume([{ key: attemptsKey, limit: BIND_ATTEMPTS }]);
    if (!decision.allowed) return { outcome: "locked", retryAfterSeconds: decision.retryAfterSeconds };
    const userId = await this.redis.getdel(`bind-code:${code}`);
    if (!userId) return { outcome: "wrong" };
    await this.attempts.reset(attemptsKey);
    await this.link(channel, contactId, userId);
    return { outcome: "bound", userId };
  }

  async link(channel: "wechat", contactId: string, userId: string): Promise<void> {
    await ChatBinding.updateOne({ channel, contactId }, { $set: { userId } }, { upsert: true });
  }

  async userFor(channel: "wechat", contactId: string): Promise<string | undefined> {
    const binding = await ChatBinding.findOne({ channel, contactId }, { userId: 1 }).lean();
    return binding ? String(binding.userId) : undefined;
  }

  async contactsOf(userId: string): Promise<{ channel: string; contactId: string }[]> {
    return ChatBinding.find({ userId }, { channel: 1, contactId: 1, _id: 0 }).lean();
  }
}

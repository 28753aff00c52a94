import type { Logger } from "../infra/logger.js";
import type { RedisClient } from "./redis-client.js";

export interface RateLimit {
  key: string;
  limit: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; key: string };

/**
 * Counts requests per key per minute in Redis, shared by every API instance. When Redis cannot be
 * reached the request is allowed: a scan must not fail because limiting is unavailable.
 *
 * Each key is counted in its own MULTI/EXEC (INCR, PEXPIRE NX, PTTL): the keys of a transaction
 * must share a slot on a Redis Cluster, so a counter's key is hash-tagged (`rate:{scan:user:…}`)
 * and a transaction holds that one key; the transactions of one call are sent together (one round
 * trip a node). PEXPIRE NX gives a window to a counter that has none, whoever created it.
 */
export class RateLimiter {
  constructor(
    private readonly redis: RedisClient,
    private readonly logger: Logger,
    private readonly windowMs = 60_000,
  ) {}

  async consume(limits: RateLimit[]): Promise<RateDecision> {
    let counters: { count: number; ttlMs: number }[];
    try {
      counters = await Promise.all(limits.map((limit) => this.count(counterKey(limit.key))));
    } catch (error) {
      this.logger.warn({ err: error }, "rate limiting unavailable; allowing the request");
      return { allowed: true };
    }
    for (const [i, limit] of limits.entries()) {
      const { count, ttlMs } = counters[i] ?? { count: 0, ttlMs: this.windowMs };
      if (count > limit.limit)
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)), key: limit.key };
    }
    return { allowed: true };
  }

  /** Takes back one count of a key (an attempt that turned out to be legitimate). */
  async refund(key: string): Promise<void> {
    await this.redis.decr(counterKey(key)).catch((error: unknown) => {
      this.logger.warn({ err: error }, "could not refund a rate limit");
    });
  }

  /** Forgets a key's count (a successful sign-in clears the failures before it). */
  async reset(key: string): Promise<void> {
    await this.redis.del(counterKey(key)).catch((error: unknown) => {
      this.logger.warn({ err: error }, "could not reset a rate limit");
    });
  }

  private async count(key: string): Promise<{ count: number; ttlMs: number }> {
    const replies = await this.redis.multi().incr(key).pexpire(key, this.windowMs, "NX").pttl(key).exec();
    if (!replies) throw new Error("the rate-limit transaction was discarded");
    for (const [error] of replies) if (error) throw error;
    const ttlMs = Number(replies[2]?.[1]);
    return { count: Number(replies[0]?.[1]), ttlMs: ttlMs >= 0 ? ttlMs : this.windowMs };
  }
}

/** A limit's counter in Redis, hash-tagged: its transaction's commands name one slot. */
function counterKey(key: string): string {
  return `rate:{${key}}`;
}

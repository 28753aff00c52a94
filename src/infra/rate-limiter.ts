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
 * A key is counted with INCR, then PEXPIRE NX (a window for a counter that has none, whoever
 * created it; a counter left without one by a crash between the two gets it on its next count).
 * No transaction and no Lua: each command names one key (a counter's key is hash-tagged,
 * `rate:{scan:user:…}`, as Redis Cluster wants of anything that names several), the commands of a
 * call are pipelined into one round trip, and PTTL is asked only of a counter over its limit.
 */
export class RateLimiter {
  constructor(
    private readonly redis: RedisClient,
    private readonly logger: Logger,
    private readonly windowMs = 60_000,
  ) {}

  async consume(limits: RateLimit[]): Promise<RateDecision> {
    let counts: number[];
    try {
      counts = await Promise.all(limits.map((limit) => this.count(counterKey(limit.key))));
    } catch (error) {
      this.logger.warn({ err: error }, "rate limiting unavailable; allowing the request");
      return { allowed: true };
    }
    for (const [i, limit] of limits.entries()) {
      if ((counts[i] ?? 0) <= limit.limit) continue;
      const ttlMs = await this.redis.pttl(counterKey(limit.key)).catch(() => this.windowMs);
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((ttlMs >= 0 ? ttlMs : this.windowMs) / 1000)),
        key: limit.key,
      };
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

  private async count(key: string): Promise<number> {
    const [count] = await Promise.all([this.redis.incr(key), this.redis.pexpire(key, this.windowMs, "NX")]);
    return count;
  }
}

/** A limit's counter in Redis, hash-tagged (the braces say which part a cluster hashes to a slot). */
function counterKey(key: string): string {
  return `rate:{${key}}`;
}

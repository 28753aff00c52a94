import type { Logger } from "../infra/logger.js";
import type { RedisClient } from "./redis-client.js";

export interface RateLimit {
  key: string;
  limit: number;
}

/** `uncounted`: allowed because Redis could not be asked, so nothing was counted. */
export type RateDecision =
  | { allowed: true; uncounted?: true }
  | { allowed: false; retryAfterSeconds: number; key: string };

/**
 * Counts requests per key per minute in Redis, shared by every API instance. When Redis cannot be
 * reached the request is allowed: a scan must not fail because limiting is unavailable.
 *
 * A key is counted with one INCR; the count that created the counter (1) gives it its window
 * with PEXPIRE NX. A counter left without a window (a crash between the two, or a PEXPIRE that
 * failed) is found when it goes over its limit, where PTTL is asked anyway, and gets its window
 * then: one command a key for every allowed request (the scan path counts two keys a scan).
 * No transaction and no Lua: each command names one key (a counter's key is hash-tagged,
 * `rate:{scan:user:…}`, as Redis Cluster wants of anything that names several), and the commands
 * of a call are pipelined into one round trip.
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
      return { allowed: true, uncounted: true };
    }
    for (const [i, limit] of limits.entries()) {
      if ((counts[i] ?? 0) <= limit.limit) continue;
      const ttlMs = await this.redis.pttl(counterKey(limit.key)).catch(() => this.windowMs);
      // -1: a counter without a window, which would refuse the key for ever; it gets one now.
      if (ttlMs === -1) await this.redis.pexpire(counterKey(limit.key), this.windowMs, "NX").catch(() => undefined);
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
    const count = await this.redis.incr(key);
    if (count === 1) await this.redis.pexpire(key, this.windowMs, "NX");
    return count;
  }
}

/** A limit's counter in Redis, hash-tagged (the braces say which part a cluster hashes to a slot). */
function counterKey(key: string): string {
  return `rate:{${key}}`;
}

import type { Redis } from "ioredis";
import type { Logger } from "../infra/logger.js";

/** Fixed-window counters for several keys in one round trip: INCR each, set its expiry when new. */
const CONSUME = `
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  out[#out + 1] = count
  out[#out + 1] = redis.call('PTTL', key)
end
return out`;

export interface RateLimit {
  key: string;
  limit: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; key: string };

/**
 * Counts requests per key per minute in Redis, shared by every API instance. When Redis cannot be
 * reached the request is allowed: a scan must not fail because limiting is unavailable.
 */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly windowMs = 60_000,
  ) {
    redis.defineCommand("consumeRateLimits", { lua: CONSUME });
  }

  async consume(limits: RateLimit[]): Promise<RateDecision> {
    let counts: number[];
    try {
      const keys = limits.map((l) => `rate:${l.key}`);
      counts = await (
        this.redis as unknown as { consumeRateLimits: (...args: unknown[]) => Promise<number[]> }
      ).consumeRateLimits(keys.length, ...keys, this.windowMs);
    } catch (error) {
      this.logger.warn({ err: error }, "rate limiting unavailable; allowing the request");
      return { allowed: true };
    }
    for (const [i, limit] of limits.entries()) {
      const count = counts[i * 2] ?? 0;
      const ttl = counts[i * 2 + 1] ?? this.windowMs;
      if (count > limit.limit)
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)), key: limit.key };
    }
    return { allowed: true };
  }

  /** Takes back one count of a key (an attempt that turned out to be legitimate). */
  async refund(key: string): Promise<void> {
    await this.redis.decr(`rate:${key}`).catch((error: unknown) => {
      this.logger.warn({ err: error }, "could not refund a rate limit");
    });
  }

  /** Forgets a key's count (a successful sign-in clears the failures before it). */
  async reset(key: string): Promise<void> {
    await this.redis.del(`rate:${key}`).catch((error: unknown) => {
      this.logger.warn({ err: error }, "could not reset a rate limit");
    });
  }
}

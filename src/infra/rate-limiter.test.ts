import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createLogger } from "./logger.js";
import { RateLimiter } from "./rate-limiter.js";

const redis = new Redis(inject("redisUrl"));
const logger = createLogger("silent");
const prefix = `rate-limiter-test-${process.pid}`;

afterAll(async () => {
  await redis.quit();
});

describe("RateLimiter", () => {
  it("allows a key its limit in a window, refuses the next with the wait left, and allows it again after", async () => {
    const limiter = new RateLimiter(redis, logger, 400);
    const key = `${prefix}:window`;
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.consume([{ key, limit: 3 }]));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]).toMatchObject({ allowed: false, retryAfterSeconds: 1, key });
    const ttl = await redis.pttl(`rate:{${key}}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(400);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await limiter.consume([{ key, limit: 3 }])).allowed).toBe(true);
  });

  it("refuses when any of the keys is over its limit, naming that key", async () => {
    const limiter = new RateLimiter(redis, logger);
    const user = `${prefix}:user`;
    const ip = `${prefix}:ip`;
    await limiter.consume([{ key: ip, limit: 1 }]);
    const decision = await limiter.consume([
      { key: user, limit: 10 },
      { key: ip, limit: 1 },
    ]);
    expect(decision).toMatchObject({ allowed: false, key: ip });
  });

  it("gives a counter left without a window (a crash after its first count) one, so the key is not refused for ever", async () => {
    const limiter = new RateLimiter(redis, logger, 300);
    const key = `${prefix}:orphan`;
    await redis.set(`rate:{${key}}`, "7");
    expect(await redis.pttl(`rate:{${key}}`)).toBe(-1);
    expect((await limiter.consume([{ key, limit: 3 }])).allowed).toBe(false);
    const ttl = await redis.pttl(`rate:{${key}}`);
    expect(ttl).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, ttl + 50));
    expect((await limiter.consume([{ key, limit: 3 }])).allowed).toBe(true);
  });
});

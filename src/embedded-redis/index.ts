/**
 * A small Redis-compatible server for machines without redis-server: it speaks RESP2 and RESP3 on
 * loopback, so ioredis uses it exactly as a real server, and keeps an append-only file.
 * Development, demos and CI only; production runs on a real Redis.
 */
export { type EmbeddedRedis, type EmbeddedRedisOptions, startEmbeddedRedis } from "./server.js";
export { startEmbeddedRedisThread } from "./thread.js";

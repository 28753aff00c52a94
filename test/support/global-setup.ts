import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { createLogger } from "../../src/infra/logger.js";
import { provisionMongo } from "../../src/infra/mongo.js";
import { provisionRedis } from "../../src/infra/redis.js";
import { CONTRACT_CHECKS_DIR } from "./paths.js";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
    redisUrl: string;
  }
}

/**
 * One MongoDB and one Redis for the whole run, found the way the service finds them
 * (MONGODB_URI / REDIS_URL when set; for Redis then redis-server on PATH, else the embedded server).
 * Each test file then works in its own database and key prefix.
 */
export default async function setup(project: TestProject) {
  const dataDir = resolve("data/test-stores");
  // Stores start empty each run; the marker of a failed mongod download is kept to save the retry.
  await rm(resolve(dataDir, "embedded-mongo"), { recursive: true, force: true });
  await rm(resolve(dataDir, "redis"), { recursive: true, force: true });
  await rm(resolve(dataDir, "embedded-redis"), { recursive: true, force: true });
  // Each run counts the answers checked against the routes' contracts afresh.
  await rm(resolve(CONTRACT_CHECKS_DIR), { recursive: true, force: true });
  const logger = createLogger("warn");
  const mongo = await provisionMongo({ uri: process.env.MONGODB_URI, dataDir, logger });
  const redis = await provisionRedis({ url: process.env.REDIS_URL, dataDir, logger });
  project.provide("mongoUri", mongo.uri);
  project.provide("redisUrl", redis.url);
  return async () => {
    await redis.stop();
    await mongo.stop();
  };
}

import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { Redis } from "ioredis";
import type Koa from "koa";
import mongoose from "mongoose";
import { afterAll, beforeAll, inject } from "vitest";
import { createConversationEngine } from "../../bot/engine/index.js";
import { type AppDependencies, createApp } from "../../src/app.js";
import { type Config, loadConfig, SECRET_NAMES } from "../../src/config.js";
import { createLogger } from "../../src/infra/logger.js";
import { createServices } from "../../src/services.js";

/** A configuration for tests: fixed random secrets passed as variables, so nothing is written to disk. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const env: Record<string, string> = { NODE_ENV: "test", DATA_DIR: "data/test-stores", LOG_LEVEL: "silent" };
  for (const name of SECRET_NAMES) env[name] = randomBytes(32).toString("hex");
  const loaded = loadConfig({ ...env, ...overrides });
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  return loaded.config;
}

/** Log lines written during a test, parsed, so tests can assert what was (not) logged. */
export class CapturedLog extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString().split("\n")) if (line.trim()) this.lines.push(JSON.parse(line));
    done();
  }
  get text(): string {
    return this.lines.map((line) => JSON.stringify(line)).join("\n");
  }
}

export interface TestStores {
  readonly deps: AppDependencies;
  readonly app: Koa;
  readonly log: CapturedLog;
  readonly databaseName: string;
  readonly keyPrefix: string;
}

/**
 * Connects this test file to the run's MongoDB (its own database) and Redis (its own key prefix)
 * and builds the real app on them; everything is removed after the file's tests.
 */
export function useTestStores(
  configOverrides: Record<string, string> | (() => Record<string, string>) = {},
): TestStores {
  const id = randomBytes(4).toString("hex");
  const databaseName = `test_${id}`;
  const keyPrefix = `test:${id}:`;
  const log = new CapturedLog();
  let deps: AppDependencies | undefined;
  let app: Koa | undefined;

  beforeAll(async () => {
    await mongoose.connect(inject("mongoUri"), { dbName: databaseName });
    const redis = new Redis(inject("redisUrl"), { keyPrefix, maxRetriesPerRequest: 1, enableAutoPipelining: true });
    const config = testConfig(typeof configOverrides === "function" ? configOverrides() : configOverrides);
    await mongoose.connection.syncIndexes();
    const logger = createLogger("info", log);
    const services = createServices(config, redis, logger);
    deps = {
      config,
      logger,
      mongo: mongoose.connection,
      redis,
      services,
      chat: createConversationEngine(services, redis),
    };
    app = createApp(deps);
  });

  afterAll(async () => {
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
    if (deps) {
      const cleaner = new Redis(inject("redisUrl"));
      const keys = await cleaner.keys(`${keyPrefix}*`);
      if (keys.length > 0) await cleaner.del(...keys);
      await cleaner.quit();
      await deps.services.close();
      await deps.redis.quit();
    }
  });

  return {
    get deps() {
      if (!deps) throw new Error("stores are ready only inside tests");
      return deps;
    },
    get app() {
      if (!app) throw new Error("stores are ready only inside tests");
      return app;
    },
    log,
    databaseName,
    keyPrefix,
  };
}

/** What a fan-out worker needs, from a test file's stores. */
export function fanoutOptions(stores: TestStores) {
  const { redis, logger, services } = stores.deps;
  return { redis, logger, services };
}

/**
 * A production configuration's required settings besides its secrets (the stores and the real-name
 * service), for tests that build one; nothing here is connected to.
 */
export const PRODUCTION_SETTINGS = {
  NODE_ENV: "production",
  MONGODB_URI: "mongodb://db.invalid:27017/venue_code",
  REDIS_URL: "redis://redis.invalid:6379",
  IDENTITY_PROVIDER: "http",
  IDENTITY_PROVIDER_URL: "https://real-name.invalid/verify",
};

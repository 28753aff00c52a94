import { Redis } from "ioredis";
import mongoose from "mongoose";
import { createConversationEngine } from "../bot/engine/index.js";
import { serviceRoutes } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import type { AnyRoute } from "../src/http/contract.js";
import { createLogger } from "../src/infra/logger.js";
import { createServices } from "../src/services.js";

/**
 * Every route of the service, built without connecting to any store (for the scripts that generate
 * the API reference and the clients' types, and check contract coverage). The route table does
 * not depend on the stores; nothing here sends a command.
 */
export function routeList(): AnyRoute[] {
  const loaded = loadConfig({ NODE_ENV: "test", DATA_DIR: "data/route-list", LOG_LEVEL: "silent", ...secrets() });
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const { config } = loaded;
  const logger = createLogger("silent");
  const redis = new Redis({ lazyConnect: true });
  const services = createServices(config, redis, logger);
  return serviceRoutes({
    config,
    logger,
    mongo: mongoose.connection,
    redis,
    services,
    chat: createConversationEngine(services, redis),
  });
}

/** Fixed stand-in secrets: nothing is signed or encrypted while listing routes. */
function secrets() {
  const hex = "0".repeat(64);
  return { JWT_SECRET: hex, IDENTITY_HASH_KEY: hex, IDENTITY_ENCRYPTION_KEY: hex, VENUE_CODE_SECRET: hex };
}

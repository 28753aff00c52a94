import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import mongoose from "mongoose";
import { createApp } from "./app.js";
import type { Config } from "./config.js";
import type { Logger } from "./infra/logger.js";
import { type MongoSource, provisionMongo } from "./infra/mongo.js";
import { provisionRedis } from "./infra/redis.js";
import { createServices } from "./services.js";

export interface RunningService {
  url: string;
  mongoSource: MongoSource;
  /** Stops accepting, lets requests in flight finish, then closes the stores and any servers started. */
  stop(): Promise<void>;
}

const DEFAULT_DATABASE = "venue_code";

/** The database named in a MongoDB URI's path, if any. */
export function databaseNameOf(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  const cleanup: (() => Promise<unknown>)[] = [];
  const runCleanup = async () => {
    for (const step of cleanup.reverse()) {
      await step().catch((error: unknown) => logger.error({ err: error }, "shutdown step failed"));
    }
  };
  try {
    const mongoServer = await provisionMongo({ uri: config.mongodbUri, dataDir: config.dataDir, logger });
    cleanup.push(() => mongoServer.stop());
    const redisServer = await provisionRedis({ url: config.redisUrl, dataDir: config.dataDir, logger });
    cleanup.push(() => redisServer.stop());

    await mongoose.connect(mongoServer.uri, {
      dbName: databaseNameOf(mongoServer.uri) ?? DEFAULT_DATABASE,
      serverSelectionTimeoutMS: 10_000,
    });
    cleanup.push(() => mongoose.disconnect());
    // Auto-pipelining sends the commands issued in one tick together: the scan path's parallel
    // Redis calls cost one round trip.
    const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1, enableAutoPipelining: true });
    redis.on("error", (error) => logger.warn({ err: error }, "Redis connection problem"));
    await redis.ping();
    cleanup.push(async () => {
      await redis.quit().catch(() => redis.disconnect());
    });

    const services = createServices(config, redis, logger);
    cleanup.push(() => services.close());
    await mongoose.connection.syncIndexes();
    if (config.admin) {
      const outcome = await services.officials.ensureAdmin(config.admin.username, config.admin.password);
      logger.info({ username: config.admin.username, outcome }, "first administrator checked");
    }
    const app = createApp({ config, logger, mongo: mongoose.connection, redis, services });
    const server: Server = createServer(app.callback());
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    logger.info({ url, publicBaseUrl: config.publicBaseUrl, mongo: mongoServer.source }, "venue-code is listening");

    let stopping: Promise<void> | null = null;
    return {
      url,
      mongoSource: mongoServer.source,
      stop() {
        stopping ??= (async () => {
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          // Door screens hold streams open; end them so shutdown does not wait on them.
          await services.close();
          server.closeIdleConnections();
          const force = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
          await closed;
          clearTimeout(force);
          await runCleanup();
          logger.info("venue-code stopped");
        })();
        return stopping;
      },
    };
  } catch (error) {
    await runCleanup();
    throw error;
  }
}

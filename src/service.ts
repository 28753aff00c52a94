import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import mongoose from "mongoose";
import { createConversationEngine } from "../bot/engine/index.js";
import { startWechatyBot } from "../bot/wechat-bot.js";
import { createApp } from "./app.js";
import { botMessages } from "./chat/bot-alerts.js";
import type { Config } from "./config.js";
import { FanoutWorker } from "./exposures/fanout.js";
import { answerClientErrors } from "./http/client-errors.js";
import type { Logger } from "./infra/logger.js";
import { type MongoSource, provisionMongo } from "./infra/mongo.js";
import { provisionRedis } from "./infra/redis.js";
import { connectRedis } from "./infra/redis-client.js";
import { AlertChannelQueue } from "./notifications/alert-channel.js";
import { subscribeMessageChannel } from "./notifications/subscribe-channel.js";
import { createServices } from "./services.js";
import { WeChatApi } from "./wechat/api-client.js";

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

/** Shutdown steps, run last-added first; each failure is logged and the rest still run. */
export class Cleanup {
  private readonly steps: (() => Promise<unknown>)[] = [];
  constructor(private readonly logger: Logger) {}
  add(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      await step().catch((error: unknown) => this.logger.error({ err: error }, "shutdown step failed"));
    }
  }
}

/**
 * MongoDB and Redis as configured (started locally when not given), connected, with indexes in
 * place, and the domain services on them. Shared by the HTTP service and the stand-alone bot.
 */
export async function openStores(config: Config, logger: Logger, cleanup: Cleanup) {
  // Whatever the service and the stores it starts write (journals, append-only files, secrets)
  // is readable by this user only.
  process.umask(0o077);
  const mongoServer = await provisionMongo({ uri: config.mongodbUri, dataDir: config.dataDir, logger });
  cleanup.add(() => mongoServer.stop());
  // A Redis Cluster is given by its nodes; otherwise one Redis, given or started here.
  const redisServer = config.redisClusterNodes
    ? null
    : await provisionRedis({ url: config.redisUrl, dataDir: config.dataDir, logger });
  if (redisServer) cleanup.add(() => redisServer.stop());

  await mongoose.connect(mongoServer.uri, {
    dbName: databaseNameOf(mongoServer.uri) ?? DEFAULT_DATABASE,
    // A request waits this long for an unreachable database before answering 503.
    serverSelectionTimeoutMS: 5000,
  });
  cleanup.add(() => mongoose.disconnect());
  const redis = connectRedis(redisServer ? { url: redisServer.url } : { clusterNodes: config.redisClusterNodes ?? [] });
  redis.on("error", (error: unknown) => logger.warn({ err: error }, "Redis connection problem"));
  await redis.ping();
  if (!redisServer)
    logger.info({ redis: "cluster", nodes: config.redisClusterNodes?.length }, "Redis: using REDIS_CLUSTER_NODES");
  cleanup.add(async () => {
    await redis.quit().catch(() => redis.disconnect());
  });

  const services = createServices(config, redis, logger);
  cleanup.add(() => services.close());
  await mongoose.connection.syncIndexes();
  return { mongoSource: mongoServer.source, redis, services };
}

export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  const cleanup = new Cleanup(logger);
  try {
    const { mongoSource, redis, services } = await openStores(config, logger, cleanup);
    if (!config.wechat && config.nodeEnv !== "production") {
      logger.warn(
        { nodeEnv: config.nodeEnv },
        "development sign-in is on: anyone can sign in as dev:<name>; set NODE_ENV=production with WECHAT_APPID and WECHAT_SECRET for real use",
      );
    }
    if (config.admin) {
      const outcome = await services.officials.ensureAdmin(config.admin.username, config.admin.password);
      logger.info({ username: config.admin.username, outcome }, "first administrator checked");
    }
    const chat = createConversationEngine(services, redis);
    const app = createApp({ config, logger, mongo: mongoose.connection, redis, services, chat });
    // The bot's queue is filled whether or not this process runs the bot (`npm run bot` may).
    const channels = [new AlertChannelQueue(redis, botMessages)];
    // The subscribe-message sender drains behind the inbox: it waits while this process's fan-out is busy.
    let fanout: FanoutWorker | undefined;
    if (config.wechat && config.wechatAlertTemplateId) {
      const subscribe = subscribeMessageChannel(
        redis,
        logger,
        services.users,
        new WeChatApi(config.wechatApiBase, config.wechat.appId, config.wechat.secret),
        config.wechatAlertTemplateId,
        config.queueClaimIdleMs,
        () => fanout?.busy ?? false,
      );
      await subscribe.sender.start();
      cleanup.add(() => subscribe.sender.stop());
      channels.push(subscribe.queue);
    }
    fanout = new FanoutWorker({
      redis,
      logger,
      services,
      claimIdleMs: config.queueClaimIdleMs,
      channels,
    });
    await fanout.start();
    cleanup.add(() => fanout.stop());
    if (config.wechaty.puppet) {
      const bot = await startWechatyBot(config, chat, services, redis, logger);
      cleanup.add(() => bot.stop());
    }
    const server: Server = createServer(app.callback());
    answerClientErrors(server);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    logger.info({ url, publicBaseUrl: config.publicBaseUrl, mongo: mongoSource }, "venue-code is listening");

    let stopping: Promise<void> | null = null;
    return {
      url,
      mongoSource,
      stop() {
        stopping ??= (async () => {
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          // Door screens hold streams open; end them so shutdown does not wait on them.
          await services.liveFeed.close();
          server.closeIdleConnections();
          const force = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
          await closed;
          clearTimeout(force);
          await cleanup.run();
          logger.info("venue-code stopped");
        })();
        return stopping;
      },
    };
  } catch (error) {
    await cleanup.run();
    throw error;
  }
}

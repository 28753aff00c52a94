import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DryMongoBinary, MongoBinary, MongoMemoryServer } from "mongodb-memory-server-core";
import { startEmbeddedMongoThread } from "../embedded-mongo/index.js";
import type { Logger } from "./logger.js";

export type MongoSource = "uri" | "memory-server" | "embedded";

export interface ProvisionedMongo {
  uri: string;
  source: MongoSource;
  /** Stops the server this process started (nothing for an external MONGODB_URI). */
  stop(): Promise<void>;
}

/** After a failed mongod download, later starts skip the attempt for this long. */
const DOWNLOAD_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
const DOWNLOAD_TIMEOUT_MS = 30_000;
const DOWNLOAD_FAILED_MARKER = "mongod-download-failed";

/**
 * Where MongoDB comes from, in this order: MONGODB_URI; a local mongod run by
 * mongodb-memory-server (MONGOMS_SYSTEM_BINARY, a cached binary, or a download); and when no
 * mongod can be had, the embedded MongoDB-compatible server. Data persists under DATA_DIR.
 */
export async function provisionMongo(options: {
  uri: string | undefined;
  dataDir: string;
  logger: Logger;
}): Promise<ProvisionedMongo> {
  const { uri, dataDir, logger } = options;
  if (uri) {
    logger.info({ mongo: "uri" }, "MongoDB: using MONGODB_URI");
    return { uri, source: "uri", stop: async () => undefined };
  }
  const binary = await findMongodBinary(dataDir, logger);
  if (binary) {
    const server = await MongoMemoryServer.create({
      binary: { systemBinary: binary },
      instance: { dbPath: ensureDir(join(dataDir, "mongod")), storageEngine: "wiredTiger", ip: "127.0.0.1" },
    });
    logger.info({ mongo: "memory-server", binary }, "MongoDB: started a local mongod through mongodb-memory-server");
    return {
      uri: server.getUri(),
      source: "memory-server",
      stop: async () => void (await server.stop({ doCleanup: false })),
    };
  }
  const embedded = await startEmbeddedMongoThread({ dbPath: join(dataDir, "embedded-mongo") });
  logger.info(
    { mongo: "embedded", uri: embedded.uri, recoveredRecords: embedded.recovered.records },
    "MongoDB: no mongod binary available; using the embedded MongoDB-compatible server (development only)",
  );
  return { uri: embedded.uri, source: "embedded", stop: () => embedded.stop() };
}

async function findMongodBinary(dataDir: string, logger: Logger): Promise<string | undefined> {
  const located = await DryMongoBinary.locateBinary(await DryMongoBinary.generateOptions());
  if (located) return located;
  const marker = join(dataDir, DOWNLOAD_FAILED_MARKER);
  if (existsSync(marker) && Date.now() - statSync(marker).mtimeMs < DOWNLOAD_RETRY_AFTER_MS) return undefined;
  try {
    return await Promise.race([
      MongoBinary.getPath(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), DOWNLOAD_TIMEOUT_MS).unref()),
    ]);
  } catch (error) {
    ensureDir(dataDir);
    writeFileSync(marker, `${new Date().toISOString()} ${error instanceof Error ? error.message : String(error)}\n`);
    logger.warn(
      { reason: error instanceof Error ? error.message : String(error) },
      "MongoDB: could not get a mongod binary",
    );
    return undefined;
  }
}

function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

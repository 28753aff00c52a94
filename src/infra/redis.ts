import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";
import { Redis } from "ioredis";
import { startEmbeddedRedisThread } from "../embedded-redis/index.js";
import type { Logger } from "./logger.js";
import { StartupError } from "./startup-error.js";

export type RedisSource = "url" | "local" | "embedded" | "cluster";

export interface ProvisionedRedis {
  url: string;
  source: RedisSource;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;

/**
 * Where Redis comes from, in this order: REDIS_URL; a redis-server from PATH on a free loopback
 * port, its data (append-only file on) under DATA_DIR/redis, stopped with the service; and when
 * there is none, the embedded Redis-compatible server on its own thread, its append-only file
 * under DATA_DIR/embedded-redis.
 */
export async function provisionRedis(options: {
  url: string | undefined;
  dataDir: string;
  logger: Logger;
}): Promise<ProvisionedRedis> {
  const { url, dataDir, logger } = options;
  if (url) {
    logger.info({ redis: "url" }, "Redis: using REDIS_URL");
    return { url, source: "url", stop: async () => undefined };
  }
  const binary = findOnPath("redis-server");
  if (!binary) {
    const embedded = await startEmbeddedRedisThread({ dir: join(dataDir, "embedded-redis") });
    logger.info(
      { redis: "embedded", url: embedded.url, recoveredCommands: embedded.recovered.commands },
      "Redis: redis-server not found on PATH; using the embedded Redis-compatible server (development only)",
    );
    return { url: embedded.url, source: "embedded", stop: () => embedded.stop() };
  }
  const dir = join(dataDir, "redis");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const pidFile = join(dir, "redis.pid");
  await stopOrphan(pidFile, logger);
  const port = await freePort();
  const child = spawn(
    binary,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--appendonly",
      "yes",
      "--appendfsync",
      "everysec",
      "--save",
      "",
      "--pidfile",
      pidFile,
      "--daemonize",
      "no",
      "--loglevel",
      "warning",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const localUrl = `redis://127.0.0.1:${port}`;
  await waitUntilReady(localUrl, child);
  logger.info({ redis: "local", url: localUrl, dir }, "Redis: started redis-server from PATH");
  return { url: localUrl, source: "local", stop: () => stopChild(child) };
}

export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A redis-server left running by a service that was killed outright (kill -9) still holds the
 * data directory; it is stopped so the new one can own the append-only file.
 */
async function stopOrphan(pidFile: string, logger: Logger): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  let commandLine = "";
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return;
  }
  if (!commandLine.includes("redis-server")) return;
  logger.warn({ pid }, "Redis: stopping a redis-server left behind by an earlier run");
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (existsSync(`/proc/${pid}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new StartupError(`redis-server exited with code ${code}: ${stderr.trim()}`))),
  );
  const deadline = Date.now() + START_TIMEOUT_MS;
  const probe = async () => {
    while (Date.now() < deadline) {
      const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on("error", () => undefined);
      try {
        await client.connect();
        await client.ping();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        client.disconnect();
      }
    }
    throw new StartupError(`redis-server did not answer within ${START_TIMEOUT_MS} ms: ${stderr.trim()}`);
  };
  await Promise.race([probe(), exited]);
  exited.catch(() => undefined);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

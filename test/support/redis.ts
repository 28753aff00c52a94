import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { Redis } from "ioredis";
import { findOnPath } from "../../src/infra/redis.js";

/** The redis-server on PATH, which the service would start; undefined when there is none. */
export const redisServerBinary = findOnPath("redis-server");

const hiddenPaths = new Map<string, string>();

/**
 * A PATH with every program of the current one except `hidden`: what a machine without them
 * looks like. Node, npm and redis-server share /usr/bin on Debian, so the other programs are
 * linked from a temporary directory rather than whole directories being left out.
 */
export function pathWithout(...hidden: string[]): string {
  const cacheKey = hidden.join(" ");
  const known = hiddenPaths.get(cacheKey);
  if (known) return known;
  const links = mkdtempSync(join(tmpdir(), "path-without-"));
  const linked = new Set(hidden);
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (linked.has(name)) continue;
      linked.add(name);
      symlinkSync(join(dir, name), join(links, name));
    }
  }
  hiddenPaths.set(cacheKey, links);
  return links;
}

export interface RedisKind {
  name: "embedded" | "redis-server";
  /** Why it cannot run here, or null when it can. */
  missing: string | null;
  /** What the service's environment needs so that it finds this Redis by itself. */
  env: () => Record<string, string>;
}

/** The two Redis servers the service may start by itself, for tests that run against each. */
export const redisKinds: RedisKind[] = [
  { name: "embedded", missing: null, env: () => ({ PATH: pathWithout("redis-server") }) },
  {
    name: "redis-server",
    missing: redisServerBinary ? null : "redis-server is not on PATH",
    env: () => ({}),
  },
];

/**
 * The embedded Redis run alone, as `npm run redis:embedded` runs it (a process of its own, so it
 * can be killed outright or have its CPU time read), on a free port, resolved once it listens.
 */
export async function startEmbeddedRedisAlone(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/embedded-redis/cli.ts", "--port", "0", "--dir", dir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      const match = /listening on (redis:\/\/\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`the embedded Redis exited with ${code}`)));
  });
  return { child, url };
}

/** One command or a few against a Redis at a port, on a connection that neither retries nor queues. */
export async function askRedis<T>(port: number, run: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(port, "127.0.0.1", {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return await run(client);
  } finally {
    client.disconnect();
  }
}

import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { createLogger } from "../../src/infra/logger.js";
import { RateLimiter } from "../../src/infra/rate-limiter.js";
import { provisionRedis } from "../../src/infra/redis.js";
import { redisServerBinary, startEmbeddedRedisAlone } from "../../test/support/redis.js";

/**
 * npm run -s bench:redis — what a scan asks of Redis (the rate limiter's two transactions, the
 * venue cache read, the repeat-scan claim, the live-feed message), sent by 32 clients at once,
 * against the embedded server run alone and against redis-server, each with its append-only file.
 * It reports the server's own CPU time per scan (from /proc, so other load on the machine does
 * not change it) and the scans per second the server kept up with.
 */
const SCANS = Number(process.env.BENCH_SCANS ?? 50_000);
const CLIENTS = 32;
const TICKS_PER_SECOND = 100;

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  // utime and stime, the 14th and 15th fields of stat, counted from after the command name.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The server to measure, as the service would start it, and the process whose CPU time counts. */
async function startServer(
  kind: "embedded" | "redis-server",
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `bench-${kind}-`));
  if (kind === "redis-server") {
    const redis = await provisionRedis({ url: undefined, dataDir: dir, logger: createLogger("silent") });
    const pid = Number(readFileSync(join(dir, "redis", "redis.pid"), "utf8").trim());
    return { url: redis.url, pid, stop: () => redis.stop() };
  }
  // Run alone, so its CPU time is its own and not the benchmark's.
  const { child, url } = await startEmbeddedRedisAlone(dir);
  return {
    url,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function measure(kind: "embedded" | "redis-server") {
  const server = await startServer(kind);
  const pid = server.pid;
  const redis = new Redis(server.url, { enableAutoPipelining: true });
  const limiter = new RateLimiter(redis, createLogger("silent"));
  await redis.set("venue-code:bench", JSON.stringify({ id: "venue", name: "惠民超市", status: "active" }));
  const oneScan = async (n: number) => {
    await Promise.all([
      limiter.consume([
        { key: `user:${n % 5000}`, limit: 1_000_000 },
        { key: `ip:10.0.${n % 250}.1`, limit: 1_000_000 },
      ]),
      redis.get("venue-code:bench"),
    ]);
    await redis.set(`scan:${n}`, "visit", "PX", 60_000, "NX");
    await redis.publish(`venue-feed:${n % 1000}`, '{"visitId":"v","passStatus":"green"}');
  };
  let next = 0;
  const cpuBefore = cpuSeconds(pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < SCANS) await oneScan(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(pid) - cpuBefore;
  redis.disconnect();
  await server.stop();
  return {
    scansPerSecond: Math.round(SCANS / seconds),
    serverCpuMicrosecondsPerScan: Math.round((cpu / SCANS) * 1e6),
  };
}

const results: Record<string, unknown> = { scans: SCANS };
for (const kind of redisServerBinary ? (["redis-server", "embedded"] as const) : (["embedded"] as const)) {
  results[kind] = await measure(kind);
}
process.stdout.write(`${JSON.stringify(results)}\n`);

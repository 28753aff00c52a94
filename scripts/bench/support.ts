import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { SECRET_NAMES } from "../../src/config.js";
import { startEmbeddedMongoThread } from "../../src/embedded-mongo/index.js";
import { checkCharacter } from "../../src/identity/resident-id.js";
import { createLogger } from "../../src/infra/logger.js";
import { provisionRedis } from "../../src/infra/redis.js";
import { startWeChatStandIn } from "../../src/wechat/stand-in.js";
import { pathWithout } from "../../test/support/redis.js";

export interface RunningProcess {
  url: string;
  child: ChildProcess;
  /** The main thread's event-loop time so far (ms active, ms idle), read through scripts/bench/elu-probe.ts. */
  eventLoop(): Promise<{ active: number; idle: number }>;
  stop(): Promise<void>;
}

/** Node arguments and environment that let a benchmark read a child's event-loop utilisation. */
async function eluProbe() {
  const file = join(await mkdtemp(join(tmpdir(), "bench-elu-")), "elu.json");
  const read = async (child: ChildProcess) => {
    await rm(file, { force: true });
    child.kill("SIGUSR2");
    for (let attempt = 0; attempt < 200; attempt++) {
      const text = await readFile(file, "utf8").catch(() => "");
      if (text) return JSON.parse(text) as { active: number; idle: number };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error("the benchmarked process did not report its event-loop utilisation");
  };
  return { args: ["--import", "./scripts/bench/elu-probe.ts"], env: { BENCH_ELU_FILE: file }, read };
}

/**
 * Request-thread time per request, in µs: how long the main thread's event loop was busy during a
 * load run (event-loop utilisation × wall time), divided by the requests it answered.
 */
export function usPerRequest(before: { active: number }, after: { active: number }, requests: number): number {
  return requests > 0 ? Math.round(((after.active - before.active) * 1000) / requests) : 0;
}

/** Starts a Node script from this repository and waits for its "listening" log line with a url. */
export async function startScript(script: string, env: Record<string, string> = {}): Promise<RunningProcess> {
  const probe = await eluProbe();
  const child = spawn(process.execPath, ["--import", "tsx", ...probe.args, script], {
    env: { ...process.env, ...probe.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let buffered = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split("\n")) {
        if (!line.startsWith("{")) continue;
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if ((entry.msg === "venue-code is listening" || entry.msg === "listening") && entry.url) {
          resolve({
            url: entry.url,
            child,
            eventLoop: () => probe.read(child),
            stop: () =>
              new Promise<void>((done) => {
                child.once("exit", () => done());
                child.kill("SIGTERM");
              }),
          });
        }
      }
      buffered = buffered.slice(buffered.lastIndexOf("\n") + 1);
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Which Redis a benchmark runs on: BENCH_REDIS=embedded hides redis-server from PATH, so the
 * service starts the embedded server as it would on a machine without one; otherwise it finds
 * Redis as `npm start` does.
 */
export function benchRedisEnv(): Record<string, string> {
  return process.env.BENCH_REDIS === "embedded" ? { PATH: pathWithout("redis-server") } : {};
}

/**
 * The stores and outside services a production instance is pointed at, run here for the benchmark in
 * the benchmark's own process (not the service's): MongoDB (the embedded server on its own thread, as
 * MONGODB_URI), Redis (redis-server, or the embedded one with BENCH_REDIS=embedded, as REDIS_URL), and
 * the local WeChat stand-in for sign-in (jscode2session) and the provincial real-name check. The
 * returned environment is what production requires (NODE_ENV=production, the four secrets, a real
 * MongoDB and Redis, IDENTITY_PROVIDER=http, WeChat sign-in), so the service runs exactly its
 * production code path: no development sign-in, no response checking.
 */
export async function startProductionStores(dataDir: string) {
  const logger = createLogger("warn");
  const mongo = await startEmbeddedMongoThread({ dbPath: join(dataDir, "mongo") });
  const savedPath = process.env.PATH;
  Object.assign(process.env, benchRedisEnv());
  const redis = await provisionRedis({ url: undefined, dataDir, logger }).finally(() => {
    process.env.PATH = savedPath;
  });
  const wechat = await startWeChatStandIn();
  const env: Record<string, string> = {
    NODE_ENV: "production",
    MONGODB_URI: mongo.uri,
    REDIS_URL: redis.url,
    IDENTITY_PROVIDER: "http",
    IDENTITY_PROVIDER_URL: `${wechat.url}/real-name/verify`,
    WECHAT_APPID: "wx0123456789abcdef",
    WECHAT_SECRET: "0123456789abcdef0123456789abcdef",
    WECHAT_API_BASE: wechat.url,
  };
  for (const name of SECRET_NAMES) env[name] = randomBytes(32).toString("hex");
  return {
    env,
    /** The code a mini-program would send for the n-th bench resident (the stand-in's "good-<x>"). */
    signInCode: (n: number) => `good-bench-${n}`,
    async stop() {
      await wechat.stop();
      await redis.stop();
      await mongo.stop();
    },
  };
}

/**
 * `npm start`'s code path in its own process, with scan limits raised for load. By default in
 * production mode on the stores of `startProductionStores` (what a deployed instance runs); with
 * BENCH_MODE=development on embedded stores started by the service itself (development sign-in,
 * every answer checked against its contract). Its logs (info, one line a request) go to /dev/null.
 */
export async function startBenchService(extraEnv: Record<string, string> = {}): Promise<BenchService> {
  const dataDir = await mkdtemp(join(tmpdir(), "venue-code-bench-"));
  const production = process.env.BENCH_MODE !== "development";
  const stores = production ? await startProductionStores(dataDir) : undefined;
  const port = await freePort();
  // BENCH_PROFILE_DIR=/some/dir writes a CPU profile of the service (main thread and workers).
  const profile = process.env.BENCH_PROFILE_DIR
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const probe = await eluProbe();
  const child = spawn(process.execPath, [...profile, "--import", "tsx", ...probe.args, "src/main.ts"], {
    env: {
      ...process.env,
      ...probe.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      MONGOMS_RUNTIME_DOWNLOAD: "false",
      SCAN_RATE_PER_USER_PER_MINUTE: "1000000",
      SCAN_RATE_PER_IP_PER_MINUTE: "100000000",
      ...benchRedisEnv(),
      ...stores?.env,
      ...extraEnv,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    const healthy = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) throw new Error("the service did not become healthy within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    child,
    mode: production ? "production" : "development",
    signInCode: stores?.signInCode ?? ((n) => `dev:bench-${n}`),
    eventLoop: () => probe.read(child),
    stop: async () => {
      await new Promise<void>((done) => {
        child.once("exit", () => done());
        child.kill("SIGTERM");
      });
      await stores?.stop();
    },
  };
}

export interface BenchService extends RunningProcess {
  mode: "production" | "development";
  /** The sign-in code (POST /api/auth/wechat) of the n-th bench resident in this mode. */
  signInCode(n: number): string;
}

/** Runs async jobs with at most `width` in flight. */
export async function inBatches<T>(count: number, width: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await job(i);
      }
    }),
  );
  return results;
}

export function runLoad(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const CATEGORIES = ["supermarket", "bar-restaurant", "service-venue", "farmers-market", "commercial-complex"];
const REGIONS = ["320902", "320903", "320904", "320924", "320981"];

function residentId(n: number): string {
  const first17 = `320902${1950 + Math.floor(n / 1000)}0101${String(n % 1000).padStart(3, "0")}`;
  return first17 + checkCharacter(first17);
}

export async function post(url: string, body: unknown, token?: string) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

async function put(url: string, body: unknown, token: string) {
  const response = await fetch(url, {
    method: "PUT",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
}

/**
 * Residents with real names and signed-in tokens, and venues registered by them, through the API.
 * Identity numbers must differ: people are told apart by them. Distinct numbers come from birth
 * years × 1000 sequence numbers.
 */
export async function seedTown(
  url: string,
  residents: number,
  venues: number,
  signInCode: (n: number) => string = (n) => `dev:bench-${n}`,
) {
  const tokens = await inBatches(residents, 16, async (i) => {
    const { token } = (await post(`${url}/api/auth/wechat`, { code: signInCode(i) })) as { token: string };
    await put(
      `${url}/api/me/identity`,
      { name: "测试居民", idNumber: residentId(i), phone: `139${String(i).padStart(8, "0")}` },
      token,
    );
    return token;
  });
  const codes = await inBatches(venues, 16, async (i) => {
    const venue = await post(
      `${url}/api/venues`,
      {
        name: `压测场所${i}`,
        categoryId: CATEGORIES[i % CATEGORIES.length],
        regionCode: REGIONS[i % REGIONS.length],
        address: `盐城市测试路${i}号`,
        contactPhone: "13800000000",
      },
      tokens[i % residents],
    );
    return venue.code as string;
  });

  return { tokens, codes };
}

/**
 * CPU time (ms, user + system) of a process's main thread so far, from /proc (Linux, 100 ticks a
 * second): unlike event-loop utilisation it does not count time spent waiting for a core, so it
 * holds up on a machine shared with other work.
 */
export async function mainThreadCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/task/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of stat(5) (utime, stime) are the 12th and 13th after the command name.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A process's resident memory in MB, from /proc (Linux). */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/**
 * The i-th check-in of a load run: resident i mod the residents, at a venue that resident has not
 * visited in the last ten minutes, so nearly every request records a new visit rather than repeating one.
 */
export function nthScan(i: number, town: { tokens: string[]; codes: string[] }) {
  const resident = i % town.tokens.length;
  const venue = (resident * 7 + Math.floor(i / town.tokens.length) * 13) % town.codes.length;
  return {
    method: "POST" as const,
    path: "/api/scans",
    headers: { "content-type": "application/json", authorization: `Bearer ${town.tokens[resident]}` },
    body: JSON.stringify({ code: town.codes[venue], requestId: randomUUID() }),
  };
}

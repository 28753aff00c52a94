import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../scripts/bench/support.js";
import { barberShop } from "./support/api.js";
import { mobile, residentId } from "./support/people.js";
import { askRedis, type RedisKind, redisKinds } from "./support/redis.js";
import { callService, npmStart, type Started, serviceEnv } from "./support/service-process.js";
import { until } from "./support/time.js";

/**
 * The service with stores that fail under it: Redis and MongoDB are separate processes here, so the
 * test can stop them mid-run and start them again on the same port. Redis is each of the servers
 * the service can start by itself: the embedded one (run alone, as `npm run redis:embedded` does)
 * and redis-server.
 */
let kind: RedisKind["name"];
let dataDir: string;
let redisPort: number;
let mongoPort: number;
let redis: ChildProcess;
let mongo: ChildProcess;
let service: Started;

function startRedis(): ChildProcess {
  if (kind === "embedded") {
    return spawn(process.execPath, ["--import", "tsx", "src/embedded-redis/cli.ts", "--port", String(redisPort)], {
      stdio: "ignore",
    });
  }
  return spawn(
    "redis-server",
    ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
}

function startMongo(): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", "tsx", "src/embedded-mongo/cli.ts", "--port", String(mongoPort), "--dbpath", join(dataDir, "db")],
    {
      stdio: "ignore",
    },
  );
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

async function answers(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch {
    return false;
  }
}

const redisUp = () => answers(() => askRedis(redisPort, (client) => client.ping()));
const mongoUp = () =>
  answers(async () => {
    const client = await MongoClient.connect(`mongodb://127.0.0.1:${mongoPort}`, { serverSelectionTimeoutMS: 300 });
    await client.close();
  });

function call(method: string, path: string, body?: unknown, token?: string) {
  return callService(service.url, method, path, body, token);
}

async function verifiedResident(n: number): Promise<string> {
  const token = (await call("POST", "/api/auth/wechat", { code: `dev:fault-${n}` })).body.token ?? "";
  await call("PUT", "/api/me/identity", { name: "孙立新", idNumber: residentId(n), phone: mobile(n) }, token);
  return token;
}

async function visitsRecorded(): Promise<number> {
  const client = await MongoClient.connect(`mongodb://127.0.0.1:${mongoPort}`);
  try {
    return await client.db("faults").collection("visits").countDocuments();
  } finally {
    await client.close();
  }
}

for (const redisKind of redisKinds) {
  const title = `faults in the stores, with ${redisKind.name} as Redis${redisKind.missing ? ` (skipped: ${redisKind.missing})` : ""}`;
  describe.skipIf(redisKind.missing !== null)(title, () => {
    beforeAll(async () => {
      kind = redisKind.name;
      dataDir = await mkdtemp(join(tmpdir(), "faults-"));
      [redisPort, mongoPort] = [await freePort(), await freePort()];
      redis = startRedis();
      mongo = startMongo();
      await until(redisUp, 15_000);
      await until(mongoUp, 30_000);
      service = await npmStart(
        serviceEnv({
          DATA_DIR: dataDir,
          PORT: "0",
          MONGODB_URI: `mongodb://127.0.0.1:${mongoPort}/faults`,
          REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        }),
      );
    }, 60_000);

    afterAll(async () => {
      service?.child.kill("SIGTERM");
      await service?.exited;
      for (const child of [redis, mongo]) if (child?.exitCode === null) await stop(child);
    });

    it("keeps recording scans while Redis is down, says so in /healthz, and recovers when it returns", async () => {
      const owner = await verifiedResident(8001);
      const shop = (await call("POST", "/api/venues", barberShop(), owner)).body as { code: string };
      const first = await verifiedResident(8002);
      const second = await verifiedResident(8003);
      const before = await visitsRecorded();

      await stop(redis);
      const scanned = await call("POST", "/api/scans", { code: shop.code }, first);
      expect(scanned.status).toBe(201);
      expect(await visitsRecorded()).toBe(before + 1);
      const health = await call("GET", "/healthz");
      expect(health).toMatchObject({ status: 503, body: { redis: "down", mongo: "ok" } });

      redis = startRedis();
      await until(async () => (await call("GET", "/healthz")).status === 200, 20_000);
      expect((await call("POST", "/api/scans", { code: shop.code }, second)).status).toBe(201);
      expect(await visitsRecorded()).toBe(before + 2);
    }, 60_000);
    // MongoDB's failure does not depend on which Redis runs beside it.
    if (redisKind.name === "embedded") {
      it("answers 503 with a clear error while MongoDB is down, stays up, and recovers when it returns", async () => {
        const owner = await verifiedResident(8011);
        const shop = (await call("POST", "/api/venues", { ...barberShop(), name: "断库测试店" }, owner)).body as {
          code: string;
        };
        const resident = await verifiedResident(8012);

        await stop(mongo);
        const refused = await call("POST", "/api/scans", { code: shop.code }, resident);
        expect(refused.status).toBe(503);
        expect(refused.body.error).toMatchObject({
          code: "STORE_UNAVAILABLE",
          userMessage: expect.stringContaining("没有保存"),
        });
        expect((await call("GET", "/healthz")).body).toMatchObject({ mongo: "down" });
        expect(service.child.exitCode).toBeNull();

        mongo = startMongo();
        await until(mongoUp, 30_000);
        await until(async () => (await call("GET", "/healthz")).status === 200, 30_000);
        expect((await call("POST", "/api/scans", { code: shop.code }, resident)).status).toBe(201);
      }, 90_000);
    }
  });
}

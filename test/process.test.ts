import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { MongoClient } from "mongodb";
import { describe, expect, it } from "vitest";
import { barberShop } from "./support/api.js";
import { mobile, residentId } from "./support/people.js";
import { pathWithout, redisServerBinary } from "./support/redis.js";
import {
  callService,
  npmStart,
  processAlive,
  runToExit,
  serviceEnv,
  servicePid,
  startMain,
} from "./support/service-process.js";

/** Every file and folder below `dir`, with its permission bits. */
async function everythingUnder(dir: string): Promise<{ path: string; mode: number }[]> {
  const entries = await readdir(dir, { recursive: true });
  return Promise.all(
    entries.map(async (entry) => ({ path: entry, mode: (await stat(join(dir, entry))).mode & 0o777 })),
  );
}

describe("start-up and shutdown", () => {
  it("exits 2 naming PORT when it is not a port, without a stack trace", async () => {
    const result = await runToExit(process.execPath, startMain, serviceEnv({ PORT: "notaport" }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("PORT: expected a whole number from 0 to 65535");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 naming each missing secret in production", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "service-"));
    const result = await runToExit(
      process.execPath,
      startMain,
      serviceEnv({ NODE_ENV: "production", DATA_DIR: dataDir }),
    );
    expect(result.code).toBe(2);
    for (const name of ["JWT_SECRET", "IDENTITY_HASH_KEY", "IDENTITY_ENCRYPTION_KEY", "VENUE_CODE_SECRET"]) {
      expect(result.stderr).toContain(`${name}: required when NODE_ENV=production`);
    }
  });

  it("with neither REDIS_URL nor redis-server on PATH, npm start runs on the embedded Redis: /healthz 200 within 30 s, one log line says so, and its data outlives a restart in private files", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "service-"));
    const env = serviceEnv({ DATA_DIR: dataDir, PORT: "0", PATH: pathWithout("redis-server") });
    const startedAt = Date.now();
    const first = await npmStart(env);
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    expect(Date.now() - startedAt).toBeLessThan(30_000);
    expect(await health.json()).toMatchObject({ redis: "ok" });
    const redisLines = first.log.filter((entry) => "redis" in entry);
    expect(redisLines).toEqual([
      expect.objectContaining({ redis: "embedded", msg: expect.stringContaining("embedded") }),
    ]);
    // Development sign-in is on (NODE_ENV unset means development), and the log says so once.
    const warnings = first.log.filter((line) => String(line.msg).startsWith("development sign-in is on"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.level).toBe(40);
    const client = new Redis(first.redisUrl);
    await client.set("restart-probe", "保留");
    await client.quit();
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    const dir = join(dataDir, "embedded-redis");
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, "appendonly.aof"))).mode & 0o777).toBe(0o600);
    // Everything under DATA_DIR (secrets, journals, Redis's file) is its user's alone.
    expect((await everythingUnder(dataDir)).filter(({ mode }) => (mode & 0o077) !== 0)).toEqual([]);
    const second = await npmStart(env);
    const again = new Redis(second.redisUrl);
    expect(await again.get("restart-probe")).toBe("保留");
    await again.quit();
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 90_000);

  it.skipIf(!redisServerBinary)(
    `npm start serves /healthz on the embedded MongoDB and redis-server from PATH, stops on SIGTERM leaving nothing behind, and keeps data${redisServerBinary ? "" : " (skipped: redis-server is not on PATH)"}`,
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "service-"));
      const env = serviceEnv({ DATA_DIR: dataDir, PORT: "0" });

      const first = await npmStart(env);
      const health = await fetch(`${first.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", mongo: "ok", redis: "ok" });
      expect(first.mongoUri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+/);
      const client = await MongoClient.connect(first.mongoUri);
      await client.db("venue_code").collection("restart_probe").insertOne({ kept: "是" });
      await client.close();
      const redisPid = Number((await readFile(join(dataDir, "redis", "redis.pid"), "utf8")).trim());
      expect(processAlive(redisPid)).toBe(true);

      // redis-server's append-only files too are its user's alone.
      expect((await everythingUnder(dataDir)).filter(({ mode }) => (mode & 0o077) !== 0)).toEqual([]);
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      expect(processAlive(redisPid)).toBe(false);
      expect(existsSync(join(dataDir, "embedded-mongo", "journal.bson"))).toBe(true);

      const second = await npmStart(env);
      const again = await MongoClient.connect(second.mongoUri);
      expect(
        await again
          .db("venue_code")
          .collection("restart_probe")
          .findOne({}, { projection: { _id: 0 } }),
      ).toEqual({
        kept: "是",
      });
      await again.close();
      second.child.kill("SIGTERM");
      expect(await second.exited).toBe(0);
    },
    60_000,
  );

  it("finishes the scans in flight when told to stop under load, and loses none of them", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "service-"));
    const env = serviceEnv({ DATA_DIR: dataDir, PORT: "0" });
    const first = await npmStart(env);
    const post = (path: string, body: unknown, token?: string, method = "POST") =>
      callService(first.url, method, path, body, token);

    const residents = await Promise.all(
      Array.from({ length: 150 }, async (_, i) => {
        const { token } = (await post("/api/auth/wechat", { code: `dev:load-${i}` })).body;
        await post(
          "/api/me/identity",
          { name: "周建华", idNumber: residentId(9000 + i), phone: mobile(9000 + i) },
          token,
          "PUT",
        );
        return token as string;
      }),
    );
    const code = (await post("/api/venues", barberShop(), residents[0])).body.code;

    const scans = residents.map((token) =>
      post("/api/scans", { code }, token).then(
        (response) => response.status,
        () => "not accepted",
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    process.kill(servicePid(first), "SIGTERM");
    const outcomes = await Promise.all(scans);
    expect(await first.exited).toBe(0);

    const recorded = outcomes.filter((outcome) => outcome === 201).length;
    // Every request got an answer of 201, or was never let in: none failed half-way.
    expect(outcomes.every((outcome) => outcome === 201 || outcome === "not accepted")).toBe(true);
    expect(recorded).toBeGreaterThan(0);

    const second = await npmStart(env);
    const client = await MongoClient.connect(second.mongoUri);
    expect(await client.db("venue_code").collection("visits").countDocuments()).toBe(recorded);
    await client.close();
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 90_000);
});

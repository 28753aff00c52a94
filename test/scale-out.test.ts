import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { barberShop } from "./support/api.js";
import {
  alertsPerPerson,
  call,
  everyoneCameHalfAnHourAgo,
  flagLastHour,
  healthOfficial,
  resident as residentOn,
} from "./support/instances.js";
import { npmStart, type Started, serviceEnv } from "./support/service-process.js";
import { until } from "./support/time.js";

/**
 * Two API instances, each with its own fan-out worker, on one MongoDB and one Redis (docs/scaling.md):
 * exactly-once delivery and rate limits must hold across them.
 */
const database = `scale_out_${randomBytes(3).toString("hex")}`;
const mongoUri = inject("mongoUri").replace(/\/?(\?.*)?$/, (_match, query?: string) => `/${database}${query ?? ""}`);
// Its own Redis database, so its unprefixed keys meet no other test's.
const redisUrl = `${inject("redisUrl").replace(/\/\d*$/, "")}/7`;
let a: Started;
let b: Started;

beforeAll(async () => {
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  await redis.quit();
  const env = serviceEnv({
    MONGODB_URI: mongoUri,
    REDIS_URL: redisUrl,
    PORT: "0",
    DATA_DIR: `/tmp/${database}`,
    ADMIN_USERNAME: "scale-admin",
    ADMIN_PASSWORD: "scale admin password",
    SCAN_RATE_PER_USER_PER_MINUTE: "5",
    QUEUE_CLAIM_IDLE_SECONDS: "2",
  });
  [a, b] = await Promise.all([npmStart(env), npmStart(env)]);
}, 60_000);

afterAll(async () => {
  for (const instance of [a, b]) instance?.child.kill("SIGTERM");
  await Promise.all([a?.exited, b?.exited]);
  const client = await MongoClient.connect(inject("mongoUri"));
  await client.db(database).dropDatabase();
  await client.close();
});

const resident = (instance: Started, n: number) => residentOn(instance, "scale", n);

describe("two API instances and two fan-out workers on the same stores", () => {
  it("count a resident's scans against one limit, whichever instance gets them", async () => {
    const owner = await resident(a, 7000);
    const shop = (await call(a, "POST", "/api/venues", barberShop(), owner)).body as unknown as { code: string };
    const scanner = await resident(b, 7001);
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      const instance = i % 2 === 0 ? a : b;
      statuses.push((await call(instance, "POST", "/api/scans", { code: shop.code }, scanner)).status);
    }
    // 5 a minute: the first is recorded, four repeats are answered, the sixth and seventh are refused.
    expect(statuses).toEqual([201, 200, 200, 200, 200, 429, 429]);
  });

  it("alert each exposed person exactly once, with two workers in the consumer group", async () => {
    const owner = await resident(a, 7100);
    const shop = (await call(a, "POST", "/api/venues", { ...barberShop(), name: "扩容测试店" }, owner))
      .body as unknown as {
      code: string;
    };
    const people = 40;
    for (let n = 0; n < people; n++) {
      const instance = n % 2 === 0 ? a : b;
      const token = await resident(instance, 7101 + n);
      expect((await call(instance, "POST", "/api/scans", { code: shop.code }, token)).status).toBe(201);
    }
    // Everyone came in half an hour ago (an overlap counts from one minute).
    const client = await MongoClient.connect(mongoUri);
    const db = client.db(database);
    await everyoneCameHalfAnHourAgo(db);
    const health = await healthOfficial(
      a,
      b,
      { username: "scale-admin", password: "scale admin password" },
      { username: "scale-health", password: "scale health password" },
    );
    const created = await flagLastHour(b, shop.code, health);
    expect(created.status).toBe(202);
    await until(
      async () => (await call(a, "GET", `/api/exposures/${created.body.id}`, undefined, health)).body.status === "done",
      30_000,
    );
    const progress = (await call(b, "GET", `/api/exposures/${created.body.id}`, undefined, health)).body;
    expect(progress).toMatchObject({ total: people, delivered: people, failed: 0 });

    const perPerson = await alertsPerPerson(db, created.body.id);
    await client.close();
    expect(perPerson).toEqual([{ _id: 1, people }]);

    const redis = new Redis(redisUrl);
    const consumers = (await redis.xinfo("CONSUMERS", "exposures:fanout", "fanout")) as unknown[][];
    await redis.quit();
    // Jobs travel 500 people to an entry, so forty people are one entry that one of the two takes.
    expect(consumers.length).toBeGreaterThanOrEqual(1);
    // Nothing left unacknowledged with either worker.
    expect(consumers.map((fields) => fields[fields.indexOf("pending") + 1]).every((pending) => pending === 0)).toBe(
      true,
    );
  }, 90_000);
});

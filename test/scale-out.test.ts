import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { barberShop } from "./support/api.js";
import {
  alertsPerPerson,
  call,
  checkInCrowd,
  everyoneCameHalfAnHourAgo,
  flagLastHour,
  healthOfficial,
  resident as residentOn,
  scanSevenTimesAcross,
  twoInstances,
} from "./support/instances.js";
import type { Started } from "./support/service-process.js";
import { until } from "./support/time.js";

/**
 * Two API instances, each with its own fan-out worker, on one MongoDB and one Redis (docs/scaling.md):
 * exactly-once delivery and rate limits must hold across them.
 */
// Its own Redis database, so its unprefixed keys meet no other test's.
const redisUrl = `${inject("redisUrl").replace(/\/\d*$/, "")}/7`;
let instances: Awaited<ReturnType<typeof twoInstances>>;

beforeAll(async () => {
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  await redis.quit();
  instances = await twoInstances("scale", { REDIS_URL: redisUrl });
}, 60_000);

afterAll(async () => {
  await instances?.stop();
});

const resident = (instance: Started, n: number) => residentOn(instance, "scale", n);

describe("two API instances and two fan-out workers on the same stores", () => {
  it("count a resident's scans against one limit, whichever instance gets them", async () => {
    const { a, b } = instances;
    const owner = await resident(a, 7000);
    const shop = (await call(a, "POST", "/api/venues", barberShop(), owner)).body as unknown as { code: string };
    const statuses = await scanSevenTimesAcross(a, b, shop.code, await resident(b, 7001));
    // 5 a minute: the first is recorded, four repeats are answered, the sixth and seventh are refused.
    expect(statuses).toEqual([201, 200, 200, 200, 200, 429, 429]);
  });

  it("alert each exposed person exactly once, with two workers in the consumer group", async () => {
    const { a, b } = instances;
    const owner = await resident(a, 7100);
    const shop = (await call(a, "POST", "/api/venues", { ...barberShop(), name: "扩容测试店" }, owner))
      .body as unknown as {
      code: string;
    };
    const people = 40;
    await checkInCrowd([a, b], shop.code, people, resident, 7101);
    // Everyone came in half an hour ago (an overlap counts from one minute).
    await instances.db(everyoneCameHalfAnHourAgo);
    const health = await healthOfficial(a, b, instances.admin, {
      username: "scale-health",
      password: "scale health password",
    });
    const created = await flagLastHour(b, shop.code, health);
    expect(created.status).toBe(202);
    await until(
      async () => (await call(a, "GET", `/api/exposures/${created.body.id}`, undefined, health)).body.status === "done",
      30_000,
    );
    const progress = (await call(b, "GET", `/api/exposures/${created.body.id}`, undefined, health)).body;
    expect(progress).toMatchObject({ total: people, delivered: people, failed: 0 });

    const perPerson = await instances.db((db) => alertsPerPerson(db, created.body.id));
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

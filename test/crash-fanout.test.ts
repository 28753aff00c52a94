import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient, ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import { redisKinds } from "./support/redis.js";
import { callService, npmStart, serviceEnv, servicePid } from "./support/service-process.js";
import { until } from "./support/time.js";

const PEOPLE = 5000;
const DATABASE = "venue_code";

/** 5,000 residents who each spent an hour at one supermarket this morning, written straight into the stores. */
async function seedCrowd(mongoUri: string) {
  const client = await MongoClient.connect(mongoUri);
  const db = client.db(DATABASE);
  const venueId = new ObjectId();
  const now = Date.now();
  await db.collection("venues").insertOne({
    _id: venueId,
    name: "惠民超市",
    categoryId: "supermarket",
    regionCode: "320902",
    address: "亭湖区解放路1号",
    contactPhoneCipher: "x",
    contactPhoneMasked: "138****0000",
    ownerId: new ObjectId(),
    staffIds: [],
    code: "crashtestcode0000000",
    revokedCodes: [],
    status: "active",
    dedupKey: "crash-test",
    createdAt: new Date(now),
    updatedAt: new Date(now),
  });
  const users = Array.from({ length: PEOPLE }, (_, i) => ({
    _id: new ObjectId(),
    openid: `dev:crowd-${i}`,
    nickname: "居民",
    createdAt: new Date(now),
    updatedAt: new Date(now),
  }));
  await db.collection("users").insertMany(users);
  const checkIn = now - 3 * 3600_000;
  await db.collection("visits").insertMany(
    users.map((user, i) => ({
      venueId,
      venueName: "惠民超市",
      categoryId: "supermarket",
      regionCode: "320902",
      personHash: `person-${i}`,
      personNameMasked: "王*",
      personIdCipher: "x",
      source: "scan",
      userId: user._id,
      relation: "本人",
      checkInAt: new Date(checkIn),
      endAt: new Date(checkIn + 3600_000),
      endedBy: "dwell",
      passStatus: "green",
      passReasons: [],
      healthCodeColour: "green",
      expiresAt: new Date(now + 28 * 86_400_000),
    })),
  );
  await client.close();
  return { venueId: String(venueId), window: { start: new Date(checkIn - 600_000), end: new Date(now - 60_000) } };
}

/**
 * With each Redis the service starts by itself: redis-server (a process of its own, killed too)
 * and the embedded one (a thread of the service, killed with it; its append-only file is all that
 * is left).
 */
describe.each(redisKinds)("a crash in the middle of a fan-out, with $name as Redis", (kind) => {
  it.skipIf(kind.missing !== null)(
    `after kill -9 of the service and its stores and a restart, alerts each of 5,000 people exactly once${kind.missing ? ` (skipped: ${kind.missing})` : ""}`,
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "crash-fanout-"));
      const env = serviceEnv({
        ...kind.env(),
        DATA_DIR: dataDir,
        PORT: "0",
        ADMIN_USERNAME: "admin",
        ADMIN_PASSWORD: "the first administrator",
        EXPOSURE_CONFIRM_THRESHOLD: "10000",
        QUEUE_CLAIM_IDLE_SECONDS: "2",
      });
      const first = await npmStart(env);
      const { venueId, window } = await seedCrowd(first.mongoUri);
      const admin = await callService(first.url, "POST", "/api/auth/login", {
        username: "admin",
        password: "the first administrator",
      });
      await callService(
        first.url,
        "POST",
        "/api/officials",
        { username: "health-chen", password: "a health official", role: "health" },
        admin.body.token,
      );
      const health = (
        await callService(first.url, "POST", "/api/auth/login", {
          username: "health-chen",
          password: "a health official",
        })
      ).body.token;

      const created = await callService(
        first.url,
        "POST",
        "/api/exposures",
        {
          places: [{ venueId, start: window.start.toISOString(), end: window.end.toISOString() }],
          riskLevel: "high",
          message: "请三天内完成两次核酸检测",
        },
        health,
      );
      expect(created.status).toBe(202);
      const exposureId = new ObjectId(created.body.id);

      // Kill everything once some, not all, of the alerts are in inboxes.
      const client = await MongoClient.connect(first.mongoUri);
      let deliveredBeforeCrash = 0;
      await until(async () => {
        deliveredBeforeCrash = await client.db(DATABASE).collection("notifications").countDocuments({ exposureId });
        return deliveredBeforeCrash >= 200;
      }, 30_000);
      const redisPid =
        kind.name === "redis-server"
          ? Number((await readFile(join(dataDir, "redis", "redis.pid"), "utf8")).trim())
          : null;
      process.kill(servicePid(first), "SIGKILL");
      if (redisPid !== null) process.kill(redisPid, "SIGKILL");
      await first.exited;
      await client.close().catch(() => undefined);
      expect(deliveredBeforeCrash).toBeLessThan(PEOPLE);

      const second = await npmStart(env);
      try {
        let progress: Record<string, unknown> = {};
        await until(async () => {
          const response = await fetch(`${second.url}/api/exposures/${created.body.id}`, {
            headers: { authorization: `Bearer ${health}` },
          });
          progress = (await response.json()) as Record<string, unknown>;
          return progress.status === "done";
        }, 90_000);
        expect(progress).toMatchObject({ status: "done", total: PEOPLE, delivered: PEOPLE, failed: 0 });

        const after = await MongoClient.connect(second.mongoUri);
        const perPerson = await after
          .db(DATABASE)
          .collection("notifications")
          .aggregate([
            { $match: { exposureId, kind: "alert" } },
            { $group: { _id: "$personHash", items: { $sum: 1 } } },
            { $group: { _id: "$items", people: { $sum: 1 } } },
          ])
          .toArray();
        await after.close();
        // Every one of the 5,000 has exactly one inbox item for this event.
        expect(perPerson).toEqual([{ _id: 1, people: PEOPLE }]);
      } finally {
        second.child.kill("SIGTERM");
        await second.exited;
      }
    },
    180_000,
  );
});

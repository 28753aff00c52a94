import { randomBytes } from "node:crypto";
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
import { clusterTools, type RedisClusterHandle, startRedisCluster } from "./support/redis-cluster.js";
import { npmStart, type Started, serviceEnv } from "./support/service-process.js";
import { readEvents } from "./support/sse.js";
import { until } from "./support/time.js";

/**
 * Two API instances, each with its fan-out worker, on a Redis Cluster of three primaries with a
 * replica each (REDIS_CLUSTER_NODES), started from redis-server on loopback ports. Skipped only
 * where redis-server is not installed (CI's second pass installs it).
 */
const database = `redis_cluster_${randomBytes(3).toString("hex")}`;
const mongoUri = inject("mongoUri").replace(/\/?(\?.*)?$/, (_match, query?: string) => `/${database}${query ?? ""}`);
let cluster: RedisClusterHandle;
let a: Started;
let b: Started;

const resident = (instance: Started, n: number) => residentOn(instance, "cluster", n, "吴小燕");

describe.skipIf(!clusterTools)("on a Redis Cluster (three primaries, three replicas)", () => {
  beforeAll(async () => {
    cluster = await startRedisCluster();
    const env = serviceEnv({
      MONGODB_URI: mongoUri,
      REDIS_CLUSTER_NODES: cluster.seeds,
      PORT: "0",
      DATA_DIR: `/tmp/${database}`,
      ADMIN_USERNAME: "cluster-admin",
      ADMIN_PASSWORD: "cluster admin password",
      SCAN_RATE_PER_USER_PER_MINUTE: "5",
      QUEUE_CLAIM_IDLE_SECONDS: "2",
    });
    [a, b] = await Promise.all([npmStart(env), npmStart(env)]);
  }, 90_000);

  afterAll(async () => {
    for (const instance of [a, b]) instance?.child.kill("SIGTERM");
    await Promise.all([a?.exited, b?.exited]);
    await cluster?.stop();
    const client = await MongoClient.connect(inject("mongoUri"));
    await client.db(database).dropDatabase();
    await client.close();
  });

  it("records scans on both instances, counts one rate limit across them, and shows them on a door screen of the other, by sharded pub/sub", async () => {
    expect(a.log.find((line) => line.redis === "cluster")).toMatchObject({ nodes: 6 });
    const owner = await resident(a, 9000);
    const shop = (await call(a, "POST", "/api/venues", barberShop(), owner)).body as unknown as {
      id: string;
      code: string;
    };
    const door = readEvents(
      `${a.url}/api/venues/${shop.id}/visits/stream?access_token=${owner}`,
      "scan",
      (events) => events.length >= 3,
    );
    await door.opened;
    // The channel is a shard channel on the primary that owns its slot.
    const feedNode = await cluster.primaryOf(`venue-feed:${shop.id}`);
    const { Redis } = await import("ioredis");
    const probe = new Redis(feedNode.port, "127.0.0.1");
    expect(await probe.call("PUBSUB", "SHARDCHANNELS")).toEqual([`venue-feed:${shop.id}`]);
    await probe.quit();

    const scanner = await resident(b, 9001);
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      const instance = i % 2 === 0 ? b : a;
      statuses.push((await call(instance, "POST", "/api/scans", { code: shop.code }, scanner)).status);
    }
    // 5 a minute: the first is recorded, four repeats are answered, the sixth and seventh are refused.
    expect(statuses).toEqual([201, 200, 200, 200, 200, 429, 429]);
    for (const n of [9002, 9003]) {
      expect((await call(b, "POST", "/api/scans", { code: shop.code }, await resident(b, n))).status).toBe(201);
    }
    const events = (await door.events) as { venueId: string; personName: string }[];
    door.close();
    expect(events.map((e) => [e.venueId, e.personName])).toEqual([
      [shop.id, "吴**"],
      [shop.id, "吴**"],
      [shop.id, "吴**"],
    ]);
  }, 60_000);

  it("alerts each exposed person exactly once while the primary holding the queue is killed and its replica takes over", async ({
    annotate,
  }) => {
    const owner = await resident(a, 9100);
    const shop = (await call(a, "POST", "/api/venues", { ...barberShop(), name: "集群测试店" }, owner))
      .body as unknown as { code: string };
    const people = 60;
    for (let n = 0; n < people; n++) {
      const instance = n % 2 === 0 ? a : b;
      const token = await resident(instance, 9101 + n);
      expect((await call(instance, "POST", "/api/scans", { code: shop.code }, token)).status).toBe(201);
    }
    // Everyone came in half an hour ago.
    const client = await MongoClient.connect(mongoUri);
    const db = client.db(database);
    await everyoneCameHalfAnHourAgo(db);
    const health = await healthOfficial(
      a,
      b,
      { username: "cluster-admin", password: "cluster admin password" },
      { username: "cluster-health", password: "cluster health password" },
    );
    const queuePrimary = await cluster.primaryOf("exposures:fanout");
    const created = await flagLastHour(b, shop.code, health);
    expect(created.status).toBe(202);
    // The primary holding the fan-out queue dies while the workers take jobs from it.
    queuePrimary.process.kill("SIGKILL");
    const deliveredAtKill = await db.collection("notifications").countDocuments({ kind: "alert" });
    const promoted = await cluster.waitForFailover("exposures:fanout", queuePrimary);
    expect(promoted.port).not.toBe(queuePrimary.port);

    await until(
      async () => (await call(a, "GET", `/api/exposures/${created.body.id}`, undefined, health)).body.status === "done",
      60_000,
    );
    const progress = (await call(b, "GET", `/api/exposures/${created.body.id}`, undefined, health)).body;
    expect(progress).toMatchObject({ total: people, delivered: people, failed: 0 });
    const perPerson = await alertsPerPerson(db, created.body.id);
    await client.close();
    expect(perPerson).toEqual([{ _id: 1, people }]);
    // How far the fan-out was when the primary died, for the record (2 of 60 in the run this was written in).
    await annotate(`alerts in inboxes when the queue's primary was killed: ${deliveredAtKill} of ${people}`);

    // After the failover the cluster serves scans on both instances.
    for (const [instance, n] of [
      [a, 9200],
      [b, 9201],
    ] as const) {
      expect(
        (await call(instance, "POST", "/api/scans", { code: shop.code }, await resident(instance, n))).status,
      ).toBe(201);
    }
  }, 120_000);
});

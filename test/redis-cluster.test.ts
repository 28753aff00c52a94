import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
import { clusterTools, type RedisClusterHandle, startRedisCluster } from "./support/redis-cluster.js";
import type { Started } from "./support/service-process.js";
import { readEvents } from "./support/sse.js";
import { until } from "./support/time.js";

/**
 * Two API instances, each with its fan-out worker, on a Redis Cluster of three primaries with a
 * replica each (REDIS_CLUSTER_NODES), started from redis-server on loopback ports. Skipped only
 * where redis-server is not installed (CI's second pass installs it).
 */
let cluster: RedisClusterHandle;
let instances: Awaited<ReturnType<typeof twoInstances>>;

const resident = (instance: Started, n: number) => residentOn(instance, "cluster", n, "吴小燕");

describe.skipIf(!clusterTools)("on a Redis Cluster (three primaries, three replicas)", () => {
  beforeAll(async () => {
    cluster = await startRedisCluster();
    instances = await twoInstances("cluster", { REDIS_CLUSTER_NODES: cluster.seeds });
  }, 90_000);

  afterAll(async () => {
    await instances?.stop();
    await cluster?.stop();
  });

  it("records scans on both instances, counts one rate limit across them, and shows them on a door screen of the other, by sharded pub/sub", async () => {
    const { a, b } = instances;
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

    const statuses = await scanSevenTimesAcross(b, a, shop.code, await resident(b, 9001));
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
    const { a, b } = instances;
    const owner = await resident(a, 9100);
    const shop = (await call(a, "POST", "/api/venues", { ...barberShop(), name: "集群测试店" }, owner))
      .body as unknown as { code: string };
    const people = 60;
    await checkInCrowd([a, b], shop.code, people, resident, 9101);
    // Everyone came in half an hour ago.
    await instances.db(everyoneCameHalfAnHourAgo);
    const health = await healthOfficial(a, b, instances.admin, {
      username: "cluster-health",
      password: "cluster health password",
    });
    const queuePrimary = await cluster.primaryOf("exposures:fanout");
    const created = await flagLastHour(b, shop.code, health);
    expect(created.status).toBe(202);
    // The primary holding the fan-out queue dies while the workers take jobs from it.
    queuePrimary.process.kill("SIGKILL");
    const deliveredAtKill = await instances.db((db) =>
      db.collection("notifications").countDocuments({ kind: "alert" }),
    );
    const promoted = await cluster.waitForFailover("exposures:fanout", queuePrimary);
    expect(promoted.port).not.toBe(queuePrimary.port);

    await until(
      async () => (await call(a, "GET", `/api/exposures/${created.body.id}`, undefined, health)).body.status === "done",
      60_000,
    );
    const progress = (await call(b, "GET", `/api/exposures/${created.body.id}`, undefined, health)).body;
    expect(progress).toMatchObject({ total: people, delivered: people, failed: 0 });
    const perPerson = await instances.db((db) => alertsPerPerson(db, created.body.id));
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

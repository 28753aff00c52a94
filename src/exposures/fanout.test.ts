import mongoose from "mongoose";
import { afterAll, describe, expect, it } from "vitest";
import { api, barberShop, officialAuth } from "../../test/support/api.js";
import { listen, readEvents } from "../../test/support/sse.js";
import { fanoutOptions, useTestStores } from "../../test/support/stores.js";
import { until } from "../../test/support/time.js";
import { Notification } from "../notifications/notification.model.js";
import { Visit, type VisitDocument } from "../visits/visit.model.js";
import { Exposure, type ExposureDocument } from "./exposure.model.js";
import { enqueueFanout, FANOUT_GROUP, FANOUT_STREAM, FanoutWorker } from "./fanout.js";

const stores = useTestStores({ EXPOSURE_CONFIRM_THRESHOLD: "3" });
const workers: FanoutWorker[] = [];
afterAll(() => Promise.all(workers.map((w) => w.stop())));

async function crowdAtShop(people: number, tag: string) {
  const { http, signInVerified } = api(stores.app);
  const owner = await signInVerified(`${tag}-owner`, 1700 + people);
  const shop = (
    await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...barberShop(), name: `${tag}商店` })
  ).body;
  for (let i = 0; i < people; i++) {
    const resident = await signInVerified(`${tag}-${i}`, 1710 + i + (tag === "crash" ? 50 : 0));
    await http().post("/api/scans").set(resident).send({ code: shop.code });
  }
  const visits = await Visit.find({ venueId: new mongoose.Types.ObjectId(shop.id) }).lean<VisitDocument[]>();
  for (const v of visits) {
    await Visit.updateOne(
      { _id: v._id },
      {
        $set: { checkInAt: new Date(v.checkInAt.getTime() - 3600_000), endAt: new Date(v.endAt.getTime() - 3600_000) },
      },
    );
  }
  const now = Date.now();
  return {
    places: [
      { code: shop.code, start: new Date(now - 2 * 3600_000).toISOString(), end: new Date(now - 60_000).toISOString() },
    ],
    riskLevel: "medium",
    message: "请注意健康监测",
  };
}

describe("confirmation of large events", () => {
  it("holds an event over the threshold until a second health official confirms it", async () => {
    const body = await crowdAtShop(4, "big");
    const { http } = api(stores.app);
    const creator = await officialAuth(stores.deps.services, "health");
    const created = await http().post("/api/exposures").set(creator).send(body);
    expect(created.body).toMatchObject({ status: "pending-confirmation", total: 4 });
    expect(await Notification.countDocuments({ exposureId: created.body.id })).toBe(0);
    const own = await http().post(`/api/exposures/${created.body.id}/confirm`).set(creator);
    expect(own.status).toBe(403);
    const second = await officialAuth(stores.deps.services, "health");
    const server = await listen(stores.app);
    const token = second.Authorization.slice("Bearer ".length);
    const bar = readEvents(
      `${server.url}/api/exposures/${created.body.id}/stream?access_token=${token}`,
      "progress",
      (events) => events.some((e) => (e as { status: string }).status === "done"),
    );
    await bar.opened;
    const confirmed = await http().post(`/api/exposures/${created.body.id}/confirm`).set(second);
    expect(confirmed.body.status).toBe("queued");
    expect((await http().post(`/api/exposures/${created.body.id}/confirm`).set(second)).status).toBe(409);
    const worker = new FanoutWorker({ ...fanoutOptions(stores), claimIdleMs: 100 });
    workers.push(worker);
    await worker.start();
    await until(async () => (await Exposure.findById(created.body.id).lean())?.status === "done");
    const events = (await bar.events) as { status: string; delivered: number }[];
    bar.close();
    server.close();
    expect(events[0]?.status).toBe("pending-confirmation");
    expect(events.at(-1)).toMatchObject({ status: "done", delivered: 4 });
  });
});

describe("exactly-once delivery", () => {
  it("delivers once per person when a worker crashed holding jobs and the jobs were enqueued twice", async () => {
    const body = await crowdAtShop(3, "crash");
    const { http } = api(stores.app);
    const health = await officialAuth(stores.deps.services, "health");
    // No worker runs yet: the jobs wait on the stream.
    for (const worker of workers.splice(0)) await worker.stop();
    const created = await http().post("/api/exposures").set(health).send(body);
    expect(created.body.status).toBe("queued");
    // A worker takes the jobs and dies before acknowledging them.
    await stores.deps.redis.xgroup("CREATE", FANOUT_STREAM, FANOUT_GROUP, "0", "MKSTREAM").catch(() => undefined);
    const taken = (await stores.deps.redis.xreadgroup(
      "GROUP",
      FANOUT_GROUP,
      "crashed-worker",
      "COUNT",
      100,
      "STREAMS",
      FANOUT_STREAM,
      ">",
    )) as [string, unknown[]][] | null;
    expect(taken?.[0]?.[1].length).toBeGreaterThan(0);
    // And the event is enqueued a second time, as after a crash mid-enqueue.
    await enqueueFanout(
      stores.deps.redis,
      stores.deps.services.visits,
      (await Exposure.findById(created.body.id).lean()) as ExposureDocument,
    );

    const survivor = new FanoutWorker({ ...fanoutOptions(stores), claimIdleMs: 100 });
    workers.push(survivor);
    await survivor.start();
    await until(async () => (await Exposure.findById(created.body.id).lean())?.status === "done");
    await until(async () => Number((await stores.deps.redis.xpending(FANOUT_STREAM, FANOUT_GROUP))[0]) === 0);
    const perPerson = await Notification.aggregate([
      { $match: { exposureId: new mongoose.Types.ObjectId(created.body.id) } },
      { $group: { _id: "$personHash", n: { $sum: 1 } } },
    ]);
    expect(perPerson).toHaveLength(3);
    expect(perPerson.every((p) => p.n === 1)).toBe(true);
    const progress = await http().get(`/api/exposures/${created.body.id}`).set(health);
    expect(progress.body).toMatchObject({ status: "done", total: 3, delivered: 3, failed: 0 });
  });
});

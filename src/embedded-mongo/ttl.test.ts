import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Decimal128, Double, Long, MongoClient, MongoServerError } from "mongodb";
import { afterEach, describe, expect, it } from "vitest";
import { type EmbeddedMongo, startEmbeddedMongo } from "./index.js";

/**
 * TTL indexes as the official driver sees them: a document expires by the date it has when the
 * sweep runs (after updates, replacements and restarts), by the earliest of several dates, only
 * within a partial index's filter, and by the index's current expireAfterSeconds.
 */
const SWEEP_MS = 100;
const started: EmbeddedMongo[] = [];
const clients: MongoClient[] = [];

async function start(dbPath?: string, ttlIntervalMs = SWEEP_MS) {
  const server = await startEmbeddedMongo({ ttlIntervalMs, ...(dbPath ? { dbPath } : {}) });
  started.push(server);
  const client = await MongoClient.connect(server.uri);
  clients.push(client);
  return { server, items: client.db("ttl").collection<{ _id: string; [field: string]: unknown }>("items") };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ago = (ms: number) => new Date(Date.now() - ms);
const later = (ms: number) => new Date(Date.now() + ms);

/** The ids left once `gone` have all been deleted (or after 10 s, when the test then fails). */
async function idsOnceGone(items: Awaited<ReturnType<typeof start>>["items"], gone: string[]): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ids = (await items.find({}, { sort: { _id: 1 } }).toArray()).map((doc) => doc._id);
    if (gone.every((id) => !ids.includes(id)) || Date.now() > deadline) return ids;
    await sleep(SWEEP_MS);
  }
}

describe("TTL indexes", () => {
  it("expire a document by the date it has at the sweep, not the date it was written with", async () => {
    const { items } = await start();
    await items.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await items.insertMany([
      { _id: "moved-later", expiresAt: later(300) },
      { _id: "moved-earlier", expiresAt: later(60_000) },
      { _id: "replaced-without-date", expiresAt: later(300) },
      { _id: "several-dates", expiresAt: [later(60_000), ago(1000)] },
      { _id: "not-a-date", expiresAt: "2000-01-01" },
      { _id: "future", expiresAt: later(60_000) },
    ]);
    await items.updateOne({ _id: "moved-later" }, { $set: { expiresAt: later(60_000) } });
    await items.updateOne({ _id: "moved-earlier" }, { $set: { expiresAt: ago(1000) } });
    await items.replaceOne({ _id: "replaced-without-date" }, { label: "kept" });
    expect(await idsOnceGone(items, ["moved-earlier", "several-dates"])).toEqual([
      "future",
      "moved-later",
      "not-a-date",
      "replaced-without-date",
    ]);
    // Past the dates the moved and replaced documents were written with, and a few sweeps more.
    await sleep(300 + 5 * SWEEP_MS);
    expect((await items.find().toArray()).map((doc) => doc._id).sort()).toEqual([
      "future",
      "moved-later",
      "not-a-date",
      "replaced-without-date",
    ]);
  });

  it("expire only what a partial index holds, after the seconds collMod sets", async () => {
    const { items } = await start();
    await items.createIndex(
      { endedAt: 1 },
      { name: "ended", expireAfterSeconds: 3600, partialFilterExpression: { kind: "temporary" } },
    );
    await items.insertMany([
      { _id: "temporary-old", kind: "temporary", endedAt: ago(120_000) },
      { _id: "temporary-new", kind: "temporary", endedAt: ago(1000) },
      { _id: "permanent-old", kind: "permanent", endedAt: ago(120_000) },
    ]);
    await sleep(3 * SWEEP_MS);
    expect((await items.find().toArray()).length).toBe(3);
    await items.db.command({ collMod: "items", index: { name: "ended", expireAfterSeconds: 60 } });
    expect(await idsOnceGone(items, ["temporary-old"])).toEqual(["permanent-old", "temporary-new"]);
  });

  it("still expire documents written before a restart", async () => {
    const dbPath = await mkdtemp(join(tmpdir(), "embedded-mongo-ttl-"));
    const first = await start(dbPath);
    await first.items.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await first.items.insertMany([
      { _id: "soon", expiresAt: later(500) },
      { _id: "kept", expiresAt: later(60_000) },
    ]);
    await first.server.stop();
    const second = await start(dbPath);
    expect(await idsOnceGone(second.items, ["soon"])).toEqual(["kept"]);
  });

  it("take expireAfterSeconds as an int64, a double or a decimal, as drivers and shells may send it", async () => {
    const { items } = await start();
    await items.createIndex(
      { expiresAt: 1 },
      { name: "as-long", expireAfterSeconds: Long.fromNumber(3600) as unknown as number },
    );
    await items.createIndex({ endedAt: 1 }, { expireAfterSeconds: new Double(0) as unknown as number });
    await items.createIndex({ leftAt: 1 }, { expireAfterSeconds: Decimal128.fromString("0") as unknown as number });
    await items.insertMany([
      { _id: "an-hour-old", expiresAt: ago(3_700_000) },
      { _id: "a-minute-old", expiresAt: ago(60_000) },
      { _id: "ended", endedAt: ago(1000) },
      { _id: "left", leftAt: ago(1000) },
    ]);
    expect(await idsOnceGone(items, ["an-hour-old", "ended", "left"])).toEqual(["a-minute-old"]);
    const changed = await items.db.command({
      collMod: "items",
      index: { name: "as-long", expireAfterSeconds: Long.fromNumber(30) },
    });
    expect(changed).toMatchObject({ ok: 1, expireAfterSeconds_new: 30 });
    expect(await idsOnceGone(items, ["a-minute-old"])).toEqual([]);
  });

  it("refuse an expireAfterSeconds mongod refuses, and a TTL index on _id", async () => {
    const { items } = await start();
    const refusal = (work: Promise<unknown>) =>
      work.then(
        () => "accepted",
        (error: unknown) => (error instanceof MongoServerError ? error.codeName : String(error)),
      );
    for (const seconds of [-5, "60", Number.NaN, 2 ** 40]) {
      expect(await refusal(items.createIndex({ at: 1 }, { expireAfterSeconds: seconds as number }))).toBe(
        "CannotCreateIndex",
      );
    }
    expect(await refusal(items.createIndex({ _id: 1 }, { expireAfterSeconds: 60 }))).toBe("CannotCreateIndex");
    await items.createIndex({ at: 1 }, { expireAfterSeconds: 60 });
    expect(await refusal(items.db.command({ collMod: "items", index: { name: "at_1", expireAfterSeconds: -1 } }))).toBe(
      "InvalidOptions",
    );
    expect(await refusal(items.db.command({ collMod: "items", index: { name: "_id_", expireAfterSeconds: 60 } }))).toBe(
      "InvalidOptions",
    );
    const indexes = await items.listIndexes().toArray();
    expect(indexes.map((index) => [index.name, index.expireAfterSeconds])).toEqual([
      ["_id_", undefined],
      ["at_1", 60],
    ]);
  });

  it("look for a dotted path's date through one level of array, not inside an array within an array", async () => {
    const { items } = await start();
    await items.createIndex({ "visits.at": 1 }, { expireAfterSeconds: 0 });
    await items.insertMany([
      { _id: "in-an-array", visits: [{ at: later(60_000) }, { at: ago(1000) }] },
      { _id: "in-an-array-within-an-array", visits: [[{ at: ago(1000) }]] },
    ]);
    expect(await idsOnceGone(items, ["in-an-array"])).toEqual(["in-an-array-within-an-array"]);
    await sleep(3 * SWEEP_MS);
    expect((await items.find().toArray()).map((doc) => doc._id)).toEqual(["in-an-array-within-an-array"]);
  });

  it("delete a large expiry in rounds within one sweep, answering reads in between", async () => {
    // Sweeps a second apart: everything must go at the first, though it takes several rounds.
    const { items } = await start(undefined, 1000);
    await items.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    const expired = 9000;
    await items.insertMany(Array.from({ length: expired }, (_, i) => ({ _id: `old-${i}`, expiresAt: ago(1000) })));
    await items.insertOne({ _id: "kept", expiresAt: later(60_000) });
    const deadline = Date.now() + 5000;
    let left = expired + 1;
    while (left === expired + 1 && Date.now() < deadline) {
      await sleep(20);
      left = await items.countDocuments();
    }
    // The first sweep has begun; later reads come between its rounds, and it ends well before the next.
    const started = Date.now();
    while (left > 1 && Date.now() - started < 800) left = await items.countDocuments();
    expect(left).toBe(1);
  });
});

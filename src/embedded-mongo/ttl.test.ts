import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
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

async function start(dbPath?: string) {
  const server = await startEmbeddedMongo({ ttlIntervalMs: SWEEP_MS, ...(dbPath ? { dbPath } : {}) });
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
});

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { afterEach, describe, expect, it } from "vitest";
import { type EmbeddedMongo, startEmbeddedMongo } from "./index.js";

const MiB = 1024 * 1024;
let server: EmbeddedMongo | undefined;
let client: MongoClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.stop();
});

async function start(dbPath: string) {
  server = await startEmbeddedMongo({ dbPath });
  client = await MongoClient.connect(server.uri);
  return client.db("limits").collection<{ _id: number; s?: string; t?: string }>("big");
}

describe("the 16 MiB document limit", () => {
  it("refuses an insert over 16 MiB (10334), an update whose result is over it (17419), and keeps the rest across a restart", async () => {
    const dbPath = await mkdtemp(join(tmpdir(), "embedded-mongo-limits-"));
    let coll = await start(dbPath);
    const inserted = await coll.insertOne({ _id: 1, s: "x".repeat(16.5 * MiB) }).catch((e: unknown) => e);
    expect(inserted).toMatchObject({ code: 10334 });
    await coll.insertOne({ _id: 2, s: "y".repeat(10 * MiB) });
    const updated = await coll
      .updateOne({ _id: 2 }, [{ $set: { t: { $concat: ["$s", "$s"] } } }])
      .catch((e: unknown) => e);
    expect(updated).toMatchObject({ code: 17419 });
    const upserted = await coll
      .updateOne({ _id: 3 }, { $set: { s: "z".repeat(8.2 * MiB), t: "z".repeat(8.2 * MiB) } }, { upsert: true })
      .catch((e: unknown) => e);
    expect(upserted).toMatchObject({ code: 17419 });
    const pushedPastLimit = await coll
      .findOneAndUpdate({ _id: 2 }, [{ $set: { t: { $concat: ["$s", "$s"] } } }])
      .catch((e: unknown) => e);
    expect(pushedPastLimit).toMatchObject({ code: 17419 });
    await server?.stop();
    await client?.close();

    coll = await start(dbPath);
    const kept = await coll.find().toArray();
    expect(kept.map((d) => [d._id, d.s?.length, d.t])).toEqual([[2, 10 * MiB, undefined]]);
  });

  it("refuses to return a document over 16 MiB that a pipeline built (10334)", async () => {
    const coll = await start(await mkdtemp(join(tmpdir(), "embedded-mongo-limits-")));
    await coll.insertOne({ _id: 1, s: "x".repeat(9 * MiB) });
    const built = await coll
      .aggregate([{ $project: { t: { $concat: ["$s", "$s"] } } }])
      .toArray()
      .catch((e: unknown) => e);
    expect(built).toMatchObject({ code: 10334 });
    expect(await coll.countDocuments()).toBe(1);
  });
});

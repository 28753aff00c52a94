import { MongoClient } from "mongodb";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedMongo, startEmbeddedMongo } from "./index.js";

let server: EmbeddedMongo;
let connection: mongoose.Connection;
let client: MongoClient;

const visitSchema = new mongoose.Schema({
  venueId: { type: String, required: true },
  person: String,
  at: Date,
  minutes: Number,
});
visitSchema.index({ venueId: 1, at: 1 });
const ownerSchema = new mongoose.Schema({ phone: { type: String, unique: true }, name: String, visits: Number });

beforeAll(async () => {
  server = await startEmbeddedMongo();
  connection = await mongoose.createConnection(server.uri, { dbName: "crud" }).asPromise();
  client = await MongoClient.connect(server.uri);
});

afterAll(async () => {
  await connection.close();
  await client.close();
  await server.stop();
});

describe("through mongoose", () => {
  it("creates, reads, updates and deletes", async () => {
    const Visit = connection.model("CrudVisit", visitSchema);
    const created = await Visit.create({
      venueId: "v1",
      person: "p1",
      at: new Date("2022-03-16T08:00:00Z"),
      minutes: 30,
    });
    const found = await Visit.findById(created._id).lean();
    expect(found).toMatchObject({ venueId: "v1", person: "p1", minutes: 30 });
    expect(found?.at).toEqual(new Date("2022-03-16T08:00:00Z"));
    await Visit.updateOne({ _id: created._id }, { $inc: { minutes: 15 } });
    expect((await Visit.findById(created._id).lean())?.minutes).toBe(45);
    await Visit.deleteOne({ _id: created._id });
    expect(await Visit.findById(created._id)).toBeNull();
  });

  it("sorts, skips and limits", async () => {
    const Visit = connection.model("SortVisit", visitSchema);
    await Visit.insertMany(
      Array.from({ length: 20 }, (_, i) => ({ venueId: "sort", person: `p${i}`, minutes: (i * 7) % 20 })),
    );
    const page = await Visit.find({ venueId: "sort" }).sort({ minutes: -1 }).skip(2).limit(3).lean();
    expect(page.map((v) => v.minutes)).toEqual([17, 16, 15]);
  });

  it("reports a unique violation as mongoose does for a real server: code 11000 with the key", async () => {
    const Owner = connection.model("Owner", ownerSchema);
    await Owner.init();
    await Owner.create({ phone: "13800000001", name: "王" });
    const error = await Owner.create({ phone: "13800000001", name: "李" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 11000, keyPattern: { phone: 1 }, keyValue: { phone: "13800000001" } });
    expect((error as Error).message).toMatch(
      /^E11000 duplicate key error collection: crud\.owners index: phone_1 dup key/,
    );
    expect(await Owner.countDocuments()).toBe(1);
  });

  it("applies $setOnInsert only when an upsert inserts", async () => {
    const Owner = connection.model("UpsertOwner", ownerSchema);
    const update = { $setOnInsert: { name: "first" }, $inc: { visits: 1 } };
    await Owner.updateOne({ phone: "13900000001" }, update, { upsert: true });
    await Owner.updateOne({ phone: "13900000001" }, { ...update, $setOnInsert: { name: "second" } }, { upsert: true });
    const owner = await Owner.findOne({ phone: "13900000001" }).lean();
    expect(owner).toMatchObject({ phone: "13900000001", name: "first", visits: 2 });
  });

  it("returns the document before or after findOneAndUpdate, and upserts through it", async () => {
    const Owner = connection.model("FamOwner", ownerSchema);
    await Owner.create({ phone: "13700000001", visits: 1 });
    const before = await Owner.findOneAndUpdate(
      { phone: "13700000001" },
      { $inc: { visits: 1 } },
      { returnDocument: "before" },
    ).lean();
    const after = await Owner.findOneAndUpdate(
      { phone: "13700000001" },
      { $inc: { visits: 1 } },
      { returnDocument: "after" },
    ).lean();
    expect([before?.visits, after?.visits]).toEqual([1, 3]);
    const upserted = await Owner.findOneAndUpdate(
      { phone: "13700000002" },
      { $set: { name: "新" } },
      { upsert: true, returnDocument: "after" },
    ).lean();
    expect(upserted).toMatchObject({ phone: "13700000002", name: "新" });
  });

  it("counts with aggregate $group", async () => {
    const Visit = connection.model("GroupVisit", visitSchema);
    await Visit.insertMany([
      ...Array.from({ length: 5 }, () => ({ venueId: "a" })),
      ...Array.from({ length: 3 }, () => ({ venueId: "b" })),
    ]);
    const counts = await Visit.aggregate([{ $group: { _id: "$venueId", n: { $sum: 1 } } }, { $sort: { _id: 1 } }]);
    expect(counts).toEqual([
      { _id: "a", n: 5 },
      { _id: "b", n: 3 },
    ]);
  });
});

describe("through the official driver", () => {
  it("returns each of 10,000 documents exactly once across getMore batches", async () => {
    const coll = client.db("crud").collection<{ _id: number }>("many");
    await coll.insertMany(Array.from({ length: 10_000 }, (_, i) => ({ _id: i })));
    const seen = new Set<number>();
    let returned = 0;
    for await (const doc of coll.find({}, { batchSize: 500 })) {
      seen.add(doc._id);
      returned++;
    }
    expect(returned).toBe(10_000);
    expect(seen.size).toBe(10_000);
  });

  it("narrows a query on one venue's visits through the compound index instead of scanning them all", async () => {
    const coll = client.db("crud").collection("indexed_visits");
    await coll.createIndex({ venueId: 1, at: 1 });
    const start = Date.UTC(2022, 2, 16);
    await coll.insertMany(
      Array.from({ length: 5000 }, (_, i) => ({ venueId: `v${i % 100}`, at: new Date(start + i * 60_000) })),
    );
    const filter = { venueId: "v7", at: { $gte: new Date(start), $lt: new Date(start + 2500 * 60_000) } };
    const explained = await client.db("crud").command({ explain: { find: "indexed_visits", filter } });
    expect(explained.queryPlanner.winningPlan.inputStage).toMatchObject({
      stage: "IXSCAN",
      indexName: "venueId_1_at_1",
    });
    expect(explained.executionStats.totalDocsExamined).toBe(50);
    expect(explained.executionStats.nReturned).toBe(25);
    expect(await coll.countDocuments(filter)).toBe(25);
  });

  it("reads a view through its pipeline and refuses writes to it", async () => {
    const db = client.db("crud");
    await db.collection("scans").insertMany([
      { venue: "a", colour: "green" },
      { venue: "a", colour: "red" },
      { venue: "b", colour: "red" },
    ]);
    await db.createCollection("red_scans", { viewOn: "scans", pipeline: [{ $match: { colour: "red" } }] });
    const view = db.collection("red_scans");
    expect(await view.countDocuments({ venue: "a" })).toBe(1);
    expect((await view.find({}, { projection: { _id: 0, venue: 1 } }).toArray()).map((d) => d.venue)).toEqual([
      "a",
      "b",
    ]);
    const listed = await db.listCollections({ name: "red_scans" }).toArray();
    expect(listed[0]?.type).toBe("view");
    const refused = await view.insertOne({ venue: "c" }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 166 });
  });

  it("evaluates `let` variables as expressions for finds and pipeline updates", async () => {
    const coll = client.db("crud").collection<{ _id: number; y?: string }>("lets");
    await coll.insertMany([{ _id: 1 }, { _id: 2 }]);
    expect(await coll.find({ $expr: { $eq: ["$_id", "$$id"] } }, { let: { id: 2 } }).toArray()).toEqual([{ _id: 2 }]);
    await coll.updateOne({ _id: 1 }, [{ $set: { y: "$$y" } }], { let: { y: { $literal: "$notAPath" } } });
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, y: "$notAPath" });
  });

  it("projects top-level fields as MongoDB does, in the document's order", async () => {
    const coll = client.db("crud").collection("projections");
    await coll.insertOne({ _id: 1 as never, a: 1, b: { c: 2 }, d: 3 });
    const projected = async (projection: Record<string, unknown>) => coll.findOne({ _id: 1 as never }, { projection });
    expect(await projected({ d: 1, a: 1 })).toEqual({ _id: 1, a: 1, d: 3 });
    expect(await projected({ a: 0 })).toEqual({ _id: 1, b: { c: 2 }, d: 3 });
    expect(await projected({ _id: 1 })).toEqual({ _id: 1 });
    expect(await projected({ _id: 0 })).toEqual({ a: 1, b: { c: 2 }, d: 3 });
    expect(await projected({ a: true, _id: false })).toEqual({ a: 1 });
    expect(await projected({ "b.c": 1 })).toEqual({ _id: 1, b: { c: 2 } });
    expect(Object.keys((await projected({ d: 1, a: 1 })) ?? {})).toEqual(["_id", "a", "d"]);
  });

  it("answers an unknown command with CommandNotFound instead of hanging", async () => {
    const error = await client
      .db("admin")
      .command({ frobnicate: 1 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 59, codeName: "CommandNotFound" });
  });

  it("refuses $out to nowhere but runs $merge into another collection", async () => {
    const db = client.db("crud");
    await db.collection("src").insertMany([{ _id: 1, n: 1 } as never, { _id: 2, n: 2 } as never]);
    await db
      .collection("src")
      .aggregate([{ $match: { n: { $gt: 1 } } }, { $merge: { into: "dst" } }])
      .toArray();
    expect(await db.collection("dst").find().toArray()).toEqual([{ _id: 2, n: 2 }]);
    const misplaced = await db
      .collection("src")
      .aggregate([{ $out: "x" }, { $match: {} }])
      .toArray()
      .catch((e: unknown) => e);
    expect(misplaced).toMatchObject({ code: 40324 });
  });
});

describe("query planning", () => {
  it("looks values up through a partial index when its filter admits them, and scans otherwise", async () => {
    const db = client.db("crud");
    const coll = db.collection("partial");
    await coll.createIndex({ key: 1 }, { unique: true, partialFilterExpression: { key: { $type: "string" } } });
    await coll.insertMany([...Array.from({ length: 300 }, (_, i) => ({ key: `k${i}` })), { other: 1 }, { other: 2 }]);
    const byKey = await db.command({ explain: { find: "partial", filter: { key: { $in: ["k1", "k2"] } } } });
    expect(byKey.queryPlanner.winningPlan.inputStage?.indexName).toBe("key_1");
    expect(byKey.executionStats).toMatchObject({ totalDocsExamined: 2, nReturned: 2 });
    const byNumber = await db.command({ explain: { find: "partial", filter: { key: 5 } } });
    expect(byNumber.queryPlanner.winningPlan.stage).toBe("COLLSCAN");
  });

  it("finds a document by its whole unique compound key without reading its neighbours", async () => {
    const db = client.db("crud");
    const coll = db.collection("alerts");
    await coll.createIndex({ event: 1, person: 1, kind: 1 }, { unique: true });
    await coll.insertMany(Array.from({ length: 2000 }, (_, i) => ({ event: "e1", person: `p${i}`, kind: "alert" })));
    const filter = { event: "e1", person: { $in: ["p7", "p9", "nobody"] }, kind: "alert" };
    const explained = await db.command({ explain: { find: "alerts", filter } });
    expect(explained.queryPlanner.winningPlan.inputStage?.indexName).toBe("event_1_person_1_kind_1");
    expect(explained.executionStats).toMatchObject({ totalDocsExamined: 2, nReturned: 2 });
    const upserted = await coll.updateOne(
      { event: "e1", person: "p2000", kind: "alert" },
      { $set: { n: 1 } },
      { upsert: true },
    );
    expect(upserted.upsertedCount).toBe(1);
    const again = await coll.updateOne(
      { event: "e1", person: "p2000", kind: "alert" },
      { $set: { n: 2 } },
      { upsert: true },
    );
    expect(again).toMatchObject({ matchedCount: 1, upsertedCount: 0 });
    expect(await coll.countDocuments({ event: "e1" })).toBe(2001);
  });
});

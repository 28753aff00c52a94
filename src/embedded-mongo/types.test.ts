import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serialize } from "bson";
import {
  Binary,
  BSONSymbol,
  Code,
  Decimal128,
  type Document,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  MongoClient,
  ObjectId,
  Timestamp,
} from "mongodb";
import { afterEach, describe, expect, it } from "vitest";
import { type EmbeddedMongo, startEmbeddedMongo } from "./index.js";
import { failure } from "./testing.js";

const servers: EmbeddedMongo[] = [];
const clients: MongoClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function start(dbPath?: string) {
  const server = await startEmbeddedMongo({ ...(dbPath ? { dbPath } : {}), compactAfterRecords: 10 });
  servers.push(server);
  const client = await MongoClient.connect(server.uri);
  clients.push(client);
  return { server, db: client.db("types") };
}

/** Every BSON type the driver can write (undefined and DBPointer are deprecated and it writes neither). */
const EVERY_TYPE: Document = {
  _id: 1,
  double: new Double(1.5),
  wholeDouble: new Double(1),
  negativeZero: new Double(-0),
  bigDouble: new Double(5e9),
  string: "场所码",
  object: { nested: { deeper: true } },
  array: [1, "two", { three: 3 }],
  binary: new Binary(Buffer.from([1, 2, 3])),
  uuid: new Binary(Buffer.alloc(16, 7), Binary.SUBTYPE_UUID),
  objectId: new ObjectId("64b000000000000000000001"),
  bool: true,
  date: new Date("2022-03-16T08:00:00.123Z"),
  null: null,
  regex: /^venue\d+$/i,
  javascript: new Code("function () { return 1; }"),
  symbol: new BSONSymbol("sym"),
  javascriptWithScope: new Code("function () { return x; }", { x: 1 }),
  int: new Int32(7),
  timestamp: new Timestamp({ t: 1_650_000_000, i: 3 }),
  long: Long.fromNumber(5),
  bigLong: Long.fromString("9007199254740993"),
  maxLong: Long.fromString("9223372036854775807"),
  decimal: Decimal128.fromString("1.10"),
  minKey: new MinKey(),
  maxKey: new MaxKey(),
};

async function storedBytes(db: ReturnType<MongoClient["db"]>): Promise<string> {
  const [raw] = await db
    .collection("every")
    .find({ _id: 1 as never }, { raw: true })
    .toArray();
  return Buffer.from(raw as unknown as Uint8Array).toString("hex");
}

describe("exact BSON types", () => {
  it("round-trips a document of every type byte for byte, through the journal, a compaction and a restart", async () => {
    const dbPath = await mkdtemp(join(tmpdir(), "embedded-mongo-types-"));
    const sent = Buffer.from(serialize(EVERY_TYPE)).toString("hex");
    const first = await start(dbPath);
    await first.db.collection("every").insertOne(EVERY_TYPE);
    expect(await storedBytes(first.db)).toBe(sent);
    // Enough writes elsewhere to compact the journal, which rewrites every stored document.
    for (let i = 0; i < 30; i++) await first.db.collection("other").insertOne({ i });
    await first.server.stop();

    const second = await start(dbPath);
    expect(await storedBytes(second.db)).toBe(sent);
    const typed = await second.db
      .collection("every")
      .findOne({ _id: 1 as never }, { promoteValues: false, promoteLongs: false });
    expect(typed?.wholeDouble).toBeInstanceOf(Double);
    expect(typed?.long).toBeInstanceOf(Long);
    expect(String(typed?.bigLong)).toBe("9007199254740993");
  });

  it("keeps types through updates that do not touch them and through projections and pipelines", async () => {
    const { db } = await start();
    const coll = db.collection("every");
    await coll.insertOne(EVERY_TYPE);
    await coll.updateOne({ _id: 1 as never }, { $set: { touched: true } });
    await coll.updateOne({ _id: 1 as never }, { $unset: { touched: "" } });
    expect(await storedBytes(db)).toBe(Buffer.from(serialize(EVERY_TYPE)).toString("hex"));
    const [projected] = await coll.aggregate([{ $project: { string: 0 } }], { promoteValues: false }).toArray();
    expect(projected?.wholeDouble).toBeInstanceOf(Double);
    expect(projected?.bigLong?.toString()).toBe("9007199254740993");
    expect(projected?.decimal?.toString()).toBe("1.10");
  });

  it("tells the numeric types apart in $type, and 'number' takes them all", async () => {
    const { db } = await start();
    const coll = db.collection("numbers");
    await coll.insertMany([
      { _id: "int", v: 1 },
      { _id: "double", v: new Double(1) },
      { _id: "fraction", v: 1.5 },
      { _id: "long", v: Long.fromNumber(1) },
      { _id: "decimal", v: Decimal128.fromString("1") },
      { _id: "string", v: "1" },
    ] as never[]);
    const ids = async (filter: Document) => (await coll.find(filter).toArray()).map((d) => d._id).sort();
    expect(await ids({ v: { $type: "double" } })).toEqual(["double", "fraction"]);
    expect(await ids({ v: { $type: "int" } })).toEqual(["int"]);
    expect(await ids({ v: { $type: "long" } })).toEqual(["long"]);
    expect(await ids({ v: { $type: 19 } })).toEqual(["decimal"]);
    expect(await ids({ v: { $type: "number" } })).toEqual(["decimal", "double", "fraction", "int", "long"]);
    expect(await ids({ v: 1 })).toEqual(["decimal", "double", "int", "long"]);
    const types = await coll.aggregate([{ $project: { t: { $type: "$v" } } }, { $sort: { _id: 1 } }]).toArray();
    expect(types.map((d) => d.t)).toEqual(["decimal", "double", "double", "int", "long", "string"]);
  });

  it("keeps Longs beyond 2^53 exact: distinct _ids, $inc and comparisons", async () => {
    const { db } = await start();
    const coll = db.collection<Document>("longs");
    const a = Long.fromString("9007199254740993");
    const b = Long.fromString("9007199254740992");
    await coll.insertMany([{ _id: a }, { _id: b }] as never[]);
    expect(await coll.countDocuments()).toBe(2);
    await coll.updateOne({ _id: a as never }, { $inc: { n: Long.fromString("9007199254740993") as never } });
    await coll.updateOne({ _id: a as never }, { $inc: { n: 2 } });
    const doc = await coll.findOne({ _id: a as never }, { promoteLongs: false });
    expect(doc?.n?.toString()).toBe("9007199254740995");
    expect(await coll.countDocuments({ _id: { $gt: b } } as never)).toBe(1);
    const overflow = coll.updateOne({ _id: a as never }, { $inc: { n: Long.MAX_VALUE as never } });
    expect(await failure(overflow)).toMatchObject({ code: 2 });
  });

  it("promotes an int32 that overflows to a long, as MongoDB does", async () => {
    const { db } = await start();
    const coll = db.collection("overflow");
    await coll.insertOne({ _id: 1 as never, n: 2_147_483_647 });
    await coll.updateOne({ _id: 1 as never }, { $inc: { n: 1 } });
    const doc = await coll.findOne({ _id: 1 as never }, { promoteLongs: false });
    expect(doc?.n).toBeInstanceOf(Long);
    expect(doc?.n?.toString()).toBe("2147483648");
  });

  it("compares, sorts, sums, averages and increments Decimal128 by value", async () => {
    const { db } = await start();
    const coll = db.collection("decimals");
    const values = ["9.5", "10.25", "100", "0.1"];
    await coll.insertMany(values.map((v, i) => ({ _id: i, d: Decimal128.fromString(v) })) as never[]);
    const greater = await coll.find({ d: { $gt: Decimal128.fromString("9.6") } }, { sort: { d: 1 } }).toArray();
    expect(greater.map((d) => d.d.toString())).toEqual(["10.25", "100"]);
    const sorted = await coll.find({}, { sort: { d: -1 } }).toArray();
    expect(sorted.map((d) => d.d.toString())).toEqual(["100", "10.25", "9.5", "0.1"]);
    const [totals] = await coll
      .aggregate([{ $group: { _id: null, sum: { $sum: "$d" }, avg: { $avg: "$d" } } }])
      .toArray();
    expect(totals?.sum).toBeInstanceOf(Decimal128);
    expect(totals?.sum.toString()).toBe("119.85");
    expect(totals?.avg.toString()).toBe("29.9625");
    await coll.updateOne({ _id: 3 as never }, { $inc: { d: Decimal128.fromString("0.2") } });
    expect((await coll.findOne({ _id: 3 as never }))?.d.toString()).toBe("0.3");
    expect(await coll.countDocuments({ d: 100 })).toBe(1);
  });

  it("types the results of mingo's other arithmetic as MongoDB does, and refuses a long or decimal there", async () => {
    const { db } = await start();
    const coll = db.collection("math");
    await coll.insertMany([
      { _id: 1, x: new Double(4) },
      { _id: 2, x: 7 },
      { _id: 3, x: Long.fromNumber(9) },
    ] as never[]);
    const floors = await coll
      .aggregate([{ $match: { _id: { $lt: 3 } } }, { $project: { t: { $type: { $floor: "$x" } } } }])
      .toArray();
    expect(floors.map((d) => d.t)).toEqual(["double", "int"]);
    const refused = coll.aggregate([{ $project: { r: { $sqrt: "$x" } } }]).toArray();
    expect(await failure(refused)).toMatchObject({ code: 238 });
  });

  it("sorts mixed types in MongoDB's BSON comparison order", async () => {
    const { db } = await start();
    const coll = db.collection("mixed");
    const docs = [
      { _id: 1, v: true },
      { _id: 2, v: "b" },
      { _id: 3, v: new Date(0) },
      { _id: 4, v: { x: 1 } },
      { _id: 5, v: null },
      { _id: 6, v: Long.fromNumber(3) },
      { _id: 7, v: new ObjectId("64b000000000000000000001") },
      { _id: 8, v: 2.5 },
      { _id: 9, v: new MaxKey() },
      { _id: 10, v: new MinKey() },
      { _id: 11, v: /re/ },
      { _id: 12, v: new Binary(Buffer.from([1])) },
      { _id: 13, v: new Timestamp({ t: 1, i: 1 }) },
    ];
    await coll.insertMany(docs as never[]);
    const order = (await coll.find({}, { sort: { v: 1 } }).toArray()).map((d) => d._id);
    expect(order).toEqual([10, 5, 8, 6, 2, 4, 12, 7, 1, 3, 13, 11, 9]);
  });
});

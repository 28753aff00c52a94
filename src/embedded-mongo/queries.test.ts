import type { Document } from "mongodb";
import { beforeAll, describe, expect, it } from "vitest";
import { embeddedMongoForTests, failure } from "./testing.js";

const { client } = embeddedMongoForTests();

beforeAll(async () => {
  await coll().insertMany([
    { _id: 1, v: 10, a: [1, 5], name: "alice" },
    { _id: 2, v: 20, a: [3, 4], name: "Alice" },
    { _id: 3, v: 40, a: [2, 9], name: "Bob" },
    { _id: 4, v: 39, name: "álice" },
  ] as never[]);
});

const coll = () => client().db("queries").collection<Document>("docs");
const ids = (docs: Document[]) => docs.map((d) => d._id);

describe("MongoDB's error codes", () => {
  it("an unknown stage is 40324, an unknown expression 168, a bad regex flag 51108", async () => {
    expect(
      await failure(
        coll()
          .aggregate([{ $frobnicate: {} }])
          .toArray(),
      ),
    ).toMatchObject({ code: 40324 });
    expect(
      await failure(
        coll()
          .aggregate([{ $project: { x: { $frobnicate: 1 } } }])
          .toArray(),
      ),
    ).toMatchObject({
      code: 168,
    });
    expect(
      await failure(
        coll()
          .find({ name: { $regex: "a", $options: "z" } })
          .toArray(),
      ),
    ).toMatchObject({
      code: 51108,
    });
    expect(await failure(coll().find({ $frobnicate: 1 }).toArray())).toMatchObject({ code: 2 });
  });
});

describe("answers that used to be wrong", () => {
  it("$bucket puts a boundary value in the bucket it opens", async () => {
    const buckets = await coll()
      .aggregate([{ $bucket: { groupBy: "$v", boundaries: [0, 20, 40], default: "other" } }])
      .toArray();
    expect(buckets).toEqual([
      { _id: 0, count: 1 },
      { _id: 20, count: 2 },
      { _id: "other", count: 1 },
    ]);
  });

  it("sorts arrays by their smallest element ascending and their largest descending", async () => {
    const filter = { a: { $exists: true } };
    expect(
      ids(
        await coll()
          .find(filter, { sort: { a: 1 } })
          .toArray(),
      ),
    ).toEqual([1, 3, 2]);
    expect(
      ids(
        await coll()
          .find(filter, { sort: { a: -1 } })
          .toArray(),
      ),
    ).toEqual([3, 1, 2]);
    expect(
      ids(
        await coll()
          .aggregate([{ $match: filter }, { $sort: { a: -1 } }])
          .toArray(),
      ),
    ).toEqual([3, 1, 2]);
  });

  it("returns documents in reverse insertion order for {$natural: -1}", async () => {
    expect(
      ids(
        await coll()
          .find({}, { sort: { $natural: -1 } })
          .toArray(),
      ),
    ).toEqual([4, 3, 2, 1]);
    expect(
      ids(
        await coll()
          .find({}, { sort: { $natural: -1 }, limit: 2 })
          .toArray(),
      ),
    ).toEqual([4, 3]);
  });

  it("does not return a document deleted after the cursor was opened", async () => {
    const scratch = client().db("queries").collection<Document>("scratch");
    await scratch.insertMany(Array.from({ length: 6 }, (_, i) => ({ _id: i, n: i })) as never[]);
    const cursor = scratch.find({ n: { $lt: 5 } }, { batchSize: 2 });
    const first = [await cursor.next(), await cursor.next()];
    await scratch.deleteOne({ _id: 3 } as never);
    await scratch.updateOne({ _id: 4 } as never, { $set: { n: 99 } });
    await scratch.updateOne({ _id: 2 } as never, { $set: { seen: true } });
    const rest = await cursor.toArray();
    expect(ids(first as Document[])).toEqual([0, 1]);
    expect(rest).toEqual([{ _id: 2, n: 2, seen: true }]);
  });
});

describe("collation", () => {
  const collation = { locale: "en", strength: 2 };
  it("applies to finds, counts, $in, ranges, distinct and aggregations", async () => {
    expect(ids(await coll().find({ name: "ALICE" }, { collation }).toArray())).toEqual([1, 2]);
    expect(await coll().countDocuments({ name: "alice" }, { collation })).toBe(2);
    expect(
      ids(
        await coll()
          .find({ name: { $in: ["BOB", "ALICE"] } }, { collation })
          .toArray(),
      ),
    ).toEqual([1, 2, 3]);
    expect(
      ids(
        await coll()
          .find({ name: { $gte: "ALICE", $lt: "B" } }, { collation })
          .toArray(),
      ),
    ).toEqual([1, 2, 4]);
    expect((await coll().distinct("name", {}, { collation })).length).toBe(3);
    const grouped = await coll()
      .aggregate([{ $group: { _id: "$name", n: { $sum: 1 } } }, { $sort: { n: -1 } }], { collation })
      .toArray();
    expect(grouped[0]).toEqual({ _id: "alice", n: 2 });
    expect(
      ids(
        await coll()
          .find({ name: "ALICE" }, { collation: { locale: "en", strength: 1 } })
          .toArray(),
      ),
    ).toEqual([1, 2, 4]);
    expect(ids(await coll().find({ name: "ALICE" }).toArray())).toEqual([]);
  });

  it("uses no binary index for a collated query, so it misses nothing", async () => {
    const indexed = client().db("queries").collection<Document>("indexed");
    await indexed.createIndex({ name: 1 });
    await indexed.insertMany([{ name: "alice" }, { name: "ALICE" }]);
    expect(await indexed.countDocuments({ name: "Alice" }, { collation })).toBe(2);
  });
});

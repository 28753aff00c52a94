import { type Document, Timestamp, type UpdateOptions } from "mongodb";
import { beforeEach, describe, expect, it } from "vitest";
import { embeddedMongoForTests, failure } from "./testing.js";

const { client } = embeddedMongoForTests();

const coll = () => client().db("updates").collection("docs");
// The driver's types want ObjectId _ids and known fields; these tests use neither.
const updateOne = (filter: Document, update: Document, options: UpdateOptions = {}) =>
  coll().updateOne(filter as never, update as never, options);
const findOne = (id: number) => coll().findOne({ _id: id } as never);

beforeEach(async () => {
  await coll().deleteMany({});
  await coll().insertOne({ _id: 1, s: "text", n: 5, tags: "not an array", list: [1, 2] } as never);
});

describe("updates MongoDB refuses are refused, not acknowledged and skipped", () => {
  it("$inc on a string fails with 14 and leaves the document", async () => {
    expect(await failure(updateOne({ _id: 1 }, { $inc: { s: 1 } }))).toMatchObject({ code: 14 });
    expect(await failure(updateOne({ _id: 1 }, { $inc: { n: "1" } }))).toMatchObject({ code: 14 });
    expect((await findOne(1))?.s).toBe("text");
  });

  it("$push onto a non-array fails with 2", async () => {
    expect(await failure(updateOne({ _id: 1 }, { $push: { tags: "x" } }))).toMatchObject({ code: 2 });
    expect((await findOne(1))?.tags).toBe("not an array");
  });

  it("$set through a scalar ('n.x' where n is a number) fails with 28", async () => {
    expect(await failure(updateOne({ _id: 1 }, { $set: { "n.x": 1 } }))).toMatchObject({ code: 28 });
    expect((await findOne(1))?.n).toBe(5);
  });

  it("$set of a different _id fails with 66 (ImmutableField)", async () => {
    expect(await failure(updateOne({ _id: 1 }, { $set: { _id: 2 } }))).toMatchObject({ code: 66 });
    expect(await updateOne({ _id: 1 }, { $set: { _id: 1 } })).toMatchObject({ matchedCount: 1 });
  });

  it("a multi-document update stops at the first refused document of an ordered batch, reporting it", async () => {
    await coll().insertOne({ _id: 2, n: "five" } as never);
    const result = await failure(coll().updateMany({}, { $inc: { n: 1 } }));
    expect(result).toMatchObject({ code: 14 });
  });
});

describe("updates that used to do the wrong thing", () => {
  it("$addToSet with $each on a missing field keeps one of each value", async () => {
    await updateOne({ _id: 1 }, { $addToSet: { fresh: { $each: [1, 1, 2, 2, 3] } } });
    expect((await findOne(1))?.fresh).toEqual([1, 2, 3]);
    await updateOne({ _id: 1 }, { $addToSet: { list: { $each: [2, 3, 3] } } });
    expect((await findOne(1))?.list).toEqual([1, 2, 3]);
  });

  it("$currentDate with {$type: 'timestamp'} stores a timestamp, and with true a date", async () => {
    await updateOne({ _id: 1 }, { $currentDate: { at: { $type: "timestamp" }, on: true } });
    const doc = await findOne(1);
    expect(doc?.at).toBeInstanceOf(Timestamp);
    expect(Math.abs(Number(doc?.at.high) - Date.now() / 1000)).toBeLessThan(60);
    expect(doc?.on).toBeInstanceOf(Date);
    expect(await coll().countDocuments({ at: { $type: "timestamp" } })).toBe(1);
  });

  it("applies positional, all-positional and filtered-positional updates", async () => {
    await coll().insertOne({ _id: 3, grades: [{ g: 80 }, { g: 90 }, { g: 95 }] } as never);
    await updateOne({ _id: 3, "grades.g": 90 }, { $set: { "grades.$.seen": true } });
    await updateOne({ _id: 3 }, { $inc: { "grades.$[].g": 1 } });
    await updateOne(
      { _id: 3 },
      { $set: { "grades.$[high].top": true } },
      { arrayFilters: [{ "high.g": { $gt: 91 } }] },
    );
    expect((await findOne(3))?.grades).toEqual([{ g: 81 }, { g: 91, seen: true }, { g: 96, top: true }]);
  });

  it("$push with $each, $sort, $slice and $position; $pull with a condition; $pop", async () => {
    await updateOne({ _id: 1 }, { $push: { list: { $each: [9, 0], $sort: -1, $slice: 3 } } });
    expect((await findOne(1))?.list).toEqual([9, 2, 1]);
    await updateOne({ _id: 1 }, { $push: { list: { $each: [7], $position: 1 } } });
    await updateOne({ _id: 1 }, { $pull: { list: { $gte: 7 } } });
    expect((await findOne(1))?.list).toEqual([2, 1]);
    await updateOne({ _id: 1 }, { $pop: { list: -1 } });
    expect((await findOne(1))?.list).toEqual([1]);
  });
});

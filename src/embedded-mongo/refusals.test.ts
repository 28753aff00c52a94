import { Long } from "mongodb";
import { describe, expect, it } from "vitest";
import { embeddedMongoForTests, failure } from "./testing.js";

const { client } = embeddedMongoForTests();

/**
 * What the embedded server does not do, it refuses with MongoDB's own code and a message naming
 * it, so that a client never takes a silent acceptance for the real thing.
 */
const db = () => client().db("refusals");

describe("transactions on this standalone server", () => {
  it("refuse every statement of a transaction with code 20, so none of it happens, and so do commit and abort", async () => {
    const coll = db().collection("txn");
    await coll.insertOne({ before: true });
    const session = client().startSession();
    session.startTransaction();
    for (const i of [1, 2, 3]) {
      expect(await failure(coll.insertOne({ i }, { session }))).toMatchObject({
        message: expect.stringMatching(/does not support retryable writes|Transaction numbers/),
      });
    }
    expect(await failure(session.commitTransaction())).not.toBe("no error");
    await session.endSession();
    expect(await coll.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ before: true }]);
    for (const name of ["commitTransaction", "abortTransaction"]) {
      const raw = await failure(
        client()
          .db("admin")
          .command({ [name]: 1, txnNumber: Long.fromNumber(1), autocommit: false }),
      );
      expect(raw).toMatchObject({ code: 20, codeName: "IllegalOperation" });
    }
  });
});

describe("write concerns a one-member deployment cannot satisfy", () => {
  it("refuses w: 5 with 100 and an unknown mode with 79, writing nothing", async () => {
    const coll = db().collection("wc");
    expect(await failure(coll.insertOne({ w: 5 }, { writeConcern: { w: 5 } }))).toMatchObject({ code: 100 });
    const namedMode = { insert: "wc", documents: [{ w: "dc" }], writeConcern: { w: "twoDataCenters" } };
    expect(await failure(db().command(namedMode))).toMatchObject({ code: 79 });
    await coll.insertOne({ w: "majority" }, { writeConcern: { w: "majority", j: true } });
    expect(await coll.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ w: "majority" }]);
  });
});

describe("fields and features the server does not carry out", () => {
  it("refuses an unknown command field with 40415 and a known but unimplemented one with NotImplemented", async () => {
    expect(await failure(db().command({ find: "c", bogus: 1 }))).toMatchObject({
      code: 40415,
      message: "BSON field 'find.bogus' is an unknown field.",
    });
    expect(await failure(db().command({ find: "c", tailable: true }))).toMatchObject({
      code: 238,
      codeName: "NotImplemented",
      message: expect.stringContaining("find.tailable"),
    });
    expect(await failure(db().command({ insert: "c", documents: [{}], nope: 1 }))).toMatchObject({ code: 40415 });
    expect(await db().collection("c").countDocuments()).toBe(0);
  });

  it("refuses collations it would not honour on collections and indexes, and capped collections", async () => {
    const collation = { locale: "en", strength: 2 };
    expect(await failure(db().createCollection("collated", { collation }))).toMatchObject({ code: 238 });
    expect(await failure(db().collection("c").createIndex({ name: 1 }, { unique: true, collation }))).toMatchObject({
      code: 238,
      message: expect.stringContaining("collation"),
    });
    expect(await failure(db().createCollection("capped", { capped: true, size: 4096 }))).toMatchObject({ code: 238 });
    expect(
      await db()
        .listCollections({ name: { $in: ["collated", "capped"] } })
        .toArray(),
    ).toEqual([]);
  });

  it("refuses $text: 27 without a text index, NotImplemented with one", async () => {
    const coll = db().collection("texts");
    await coll.insertOne({ body: "venue code" });
    expect(await failure(coll.find({ $text: { $search: "venue" } }).toArray())).toMatchObject({ code: 27 });
    await coll.createIndex({ body: "text" });
    expect(await failure(coll.find({ $text: { $search: "venue" } }).toArray())).toMatchObject({ code: 238 });
    expect(await failure(coll.aggregate([{ $match: { $text: { $search: "venue" } } }]).toArray())).toMatchObject({
      code: 238,
    });
  });

  it("enforces maxTimeMS: a scan past its limit ends with MaxTimeMSExpired (50)", async () => {
    const coll = db().collection("slow");
    await coll.insertMany(Array.from({ length: 200_000 }, (_, i) => ({ i, s: `value ${i}` })));
    const filter = { s: { $regex: "^no such value" } };
    expect(await failure(coll.find(filter, { maxTimeMS: 1 }).toArray())).toMatchObject({ code: 50 });
    expect(await failure(coll.countDocuments(filter, { maxTimeMS: 1 }))).toMatchObject({ code: 50 });
    expect(await coll.find(filter, { maxTimeMS: 60_000 }).toArray()).toEqual([]);
    expect(await failure(coll.find({}, { maxTimeMS: -1 }).toArray())).toMatchObject({ code: 2 });
  });
});

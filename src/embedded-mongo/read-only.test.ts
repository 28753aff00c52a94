import fc from "fast-check";
import type { Document } from "mongodb";
import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { embeddedMongoForTests } from "./testing.js";

const { server, client } = embeddedMongoForTests();

const FIELDS = ["a", "b", "c"];
const field = fc.constantFrom(...FIELDS);
const path = fc.array(field, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("."));

const scalar = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: true }),
);
const { value } = fc.letrec<{ value: unknown; object: Document }>((tie) => ({
  value: fc.oneof({ depthSize: "small" }, scalar, tie("object"), fc.array(tie("value"), { maxLength: 3 })),
  object: fc.dictionary(field, tie("value"), { maxKeys: 3 }),
}));
const storedDocument = fc.dictionary(field, value, { maxKeys: 3 });

/** Paths none of which is a prefix of another, as MongoDB requires of one projection. */
function distinctPaths(paths: string[]): string[] {
  const kept: string[] = [];
  for (const p of paths) {
    if (kept.some((k) => k === p || k.startsWith(`${p}.`) || p.startsWith(`${k}.`))) continue;
    kept.push(p);
  }
  return kept;
}
const paths = fc.array(path, { minLength: 1, maxLength: 3 }).map(distinctPaths);
const projection = fc.tuple(paths, fc.constantFrom(0, 1), fc.boolean()).map(([ps, keep, withoutId]) => ({
  ...Object.fromEntries(ps.map((p) => [p, keep])),
  ...(withoutId ? { _id: 0 } : {}),
}));
const expression = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 3 }),
  path.map((p) => `$${p}`),
);
const addedFields = fc
  .tuple(paths, fc.array(expression, { minLength: 3, maxLength: 3 }))
  .map(([ps, values]) => Object.fromEntries(ps.map((p, i) => [p, values[i]])));
const stage = fc.oneof(
  projection.map((spec) => ({ $project: spec })),
  addedFields.map((spec) => ({ $addFields: spec })),
  addedFields.map((spec) => ({ $set: spec })),
  fc.tuple(path, fc.boolean(), fc.boolean()).map(([p, preserve, index]) => ({
    $unwind: { path: `$${p}`, preserveNullAndEmptyArrays: preserve, ...(index ? { includeArrayIndex: "i" } : {}) },
  })),
  fc.constant({ $group: { _id: null, all: { $push: "$$ROOT" } } }),
  fc.constant({ $unwind: "$all" }),
  fc.constant({ $replaceRoot: { newRoot: { $ifNull: ["$all", "$$ROOT"] } } }),
  fc.constant({ $sort: { a: 1 } }),
  fc.constant({ $lookup: { from: "docs", localField: "a", foreignField: "a", as: "b" } }),
);
const readOperation = fc.oneof(
  projection.map((spec) => ({ kind: "find" as const, spec })),
  projection.map((spec) => ({ kind: "findOneAndUpdate" as const, spec })),
  fc.array(stage, { minLength: 1, maxLength: 4 }).map((spec) => ({ kind: "aggregate" as const, spec })),
);

const STORED = { _id: 1, profile: { secret: "s", name: "n" }, a: { b: 1, c: 2 }, list: [], tags: ["x", "y"] };

/** The stored document after `read`, which must not have changed it. */
async function afterRead(read: (coll: ReturnType<typeof collection>) => Promise<unknown>): Promise<unknown> {
  const coll = collection();
  await coll.deleteMany({});
  await coll.insertOne(structuredClone(STORED));
  await read(coll);
  return coll.findOne({ _id: 1 });
}
const collection = () => client().db("readonly").collection<{ _id: number }>("found");

describe("each read that used to rewrite the stored document", () => {
  it("a find excluding a nested field, as mongoose .select('-profile.secret') sends it", async () => {
    const connection = await mongoose.createConnection(server().uri, { dbName: "readonly" }).asPromise();
    const Found = connection.model(
      "Found",
      new mongoose.Schema({ _id: Number, profile: { secret: String, name: String } }),
      "found",
    );
    expect(
      await afterRead(async () =>
        expect(await Found.findById(1).select("-profile.secret").lean()).toMatchObject({
          profile: { name: "n" },
        }),
      ),
    ).toEqual(STORED);
    await connection.close();
  });

  it("findOneAndUpdate with a nested exclusion, returning the document before or after", async () => {
    for (const returnDocument of ["before", "after"] as const) {
      const projection = { "profile.secret": 0 };
      const update = { $setOnInsert: { x: 1 } };
      expect(await afterRead((c) => c.findOneAndUpdate({ _id: 1 }, update, { projection, returnDocument }))).toEqual(
        STORED,
      );
    }
  });

  it("$project, $addFields and $set on nested paths, and $unwind with its options", async () => {
    const pipelines: Document[][] = [
      [{ $project: { "a.b": 0 } }],
      [{ $addFields: { "a.d": 5 } }],
      [{ $set: { "profile.name": "changed" } }],
      [{ $unwind: { path: "$list", preserveNullAndEmptyArrays: true } }],
      [{ $unwind: { path: "$tags", includeArrayIndex: "i" } }, { $set: { i: 9 } }],
    ];
    for (const pipeline of pipelines) {
      expect(await afterRead((c) => c.aggregate(pipeline).toArray())).toEqual(STORED);
    }
  });
});

describe("reads leave stored documents unchanged", () => {
  it("byte for byte, after random finds, findOneAndUpdate projections and pipelines", async () => {
    const coll = client().db("readonly").collection("docs");
    let reads = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(storedDocument, { minLength: 1, maxLength: 8 }),
        fc.array(readOperation, { minLength: 60, maxLength: 100 }),
        async (docs, operations) => {
          await coll.deleteMany({});
          await coll.insertMany(docs.map((doc, i) => ({ ...doc, _id: i })) as never[]);
          const storedBytes = async () =>
            (await coll.find({}, { raw: true }).toArray()).map((raw) =>
              Buffer.from(raw as unknown as Uint8Array).toString("hex"),
            );
          const before = await storedBytes();
          for (const operation of operations) {
            try {
              if (operation.kind === "find") await coll.find({}, { projection: operation.spec }).toArray();
              else if (operation.kind === "aggregate") await coll.aggregate(operation.spec).toArray();
              else {
                // An update that changes nothing, so only its projection could.
                await coll.findOneAndUpdate({}, { $setOnInsert: { never: 1 } }, { projection: operation.spec });
              }
              reads++;
            } catch {
              // Pipelines MongoDB refuses (paths that collide) are fine: only a change of data counts.
            }
          }
          expect(await storedBytes()).toEqual(before);
        },
      ),
      { numRuns: 30 },
    );
    expect(reads).toBeGreaterThanOrEqual(2000);
  }, 120_000);
});

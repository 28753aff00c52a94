import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { leanFind } from "./lean-find.js";

/** A collection of its own, through mongoose as the services use it, on the run's MongoDB. */
const Parcel = mongoose.model(
  "LeanFindParcel",
  new mongoose.Schema({ owner: String, note: String, at: Date, ref: mongoose.Schema.Types.ObjectId }),
);

beforeAll(async () => {
  await mongoose.connect(inject("mongoUri"), { dbName: `test_lean_find_${process.pid}` });
});

afterAll(async () => {
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
});

describe("leanFind", () => {
  it("answers a find with the driver's own types, and only the fields asked for", async () => {
    const ref = new mongoose.Types.ObjectId();
    const at = new Date("2026-12-01T02:03:04.005Z");
    await Parcel.collection.insertMany([
      { owner: "a", note: "一", at, ref },
      { owner: "b", note: "二", at, ref },
      { owner: "c", note: "三", at, ref },
    ]);
    const found = await leanFind<{ owner: string; at: Date; ref: mongoose.Types.ObjectId }>(Parcel, {
      owner: { $in: ["a", "c", "x"] },
    });
    expect(found.map((p) => p.owner).sort()).toEqual(["a", "c"]);
    expect(found[0]?.at).toEqual(at);
    expect(String(found[0]?.ref)).toBe(String(ref));
    const narrow = await leanFind<Record<string, unknown>>(Parcel, { owner: "b" }, { note: 1, _id: 0 });
    expect(narrow).toEqual([{ note: "二" }]);
  });

  it("reads every document of an answer larger than one batch (16 MiB)", async () => {
    const note = "x".repeat(1024 * 1024);
    await Parcel.collection.insertMany(Array.from({ length: 20 }, (_, i) => ({ owner: "big", note, at: new Date(i) })));
    const found = await leanFind<{ at: Date }>(Parcel, { owner: "big" }, { at: 1 });
    expect(found).toHaveLength(20);
    const whole = await leanFind<{ note: string }>(Parcel, { owner: "big" });
    expect(whole).toHaveLength(20);
    expect(whole.every((p) => p.note.length === note.length)).toBe(true);
  });
});

import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LeanWriteError, leanFind, leanInsert, leanUpdate } from "./lean-commands.js";

/** A collection of its own, through mongoose as the services use it, on the run's MongoDB. */
const Parcel = mongoose.model(
  "LeanFindParcel",
  new mongoose.Schema({ owner: String, note: String, at: Date, ref: mongoose.Schema.Types.ObjectId }),
);
/** With a unique key, as visits have their request keys. */
const Ticket = mongoose.model(
  "LeanWriteTicket",
  new mongoose.Schema({ key: { type: String, unique: true }, state: String }),
);

beforeAll(async () => {
  await mongoose.connect(inject("mongoUri"), { dbName: `test_lean_commands_${process.pid}` });
  await Ticket.init();
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

describe("leanInsert and leanUpdate", () => {
  it("writes every document but those a unique index refuses, and names the refused by their place", async () => {
    await Ticket.collection.insertOne({ _id: new mongoose.Types.ObjectId(), key: "taken", state: "first" });
    const at = new Date("2026-12-01T02:03:04.005Z");
    const refused = await leanInsert(Ticket, [
      { _id: new mongoose.Types.ObjectId(), key: "a", state: "new", at },
      { _id: new mongoose.Types.ObjectId(), key: "taken", state: "second" },
      { _id: new mongoose.Types.ObjectId(), key: "b", state: "new" },
    ]);
    expect([...refused]).toEqual([1]);
    const stored = await Ticket.collection.find({}, { projection: { _id: 0, key: 1, state: 1, at: 1 } }).toArray();
    expect(stored.sort((x, y) => String(x.key).localeCompare(String(y.key)))).toEqual([
      { key: "a", state: "new", at },
      { key: "b", state: "new" },
      { key: "taken", state: "first" },
    ]);
  });

  it("throws a refusal that is not a duplicate, with the server's code", async () => {
    const _id = new mongoose.Types.ObjectId();
    await leanInsert(Ticket, [{ _id, key: "c" }]);
    // An array is never an _id: refused, and not as a duplicate.
    const error = await leanInsert(Ticket, [{ _id: [1, 2], key: "d" }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeanWriteError);
    expect((error as LeanWriteError).code).not.toBe(11000);
    expect(await Ticket.countDocuments({ key: "d" })).toBe(0);
  });

  it("applies many updates in one command and counts what changed", async () => {
    await leanInsert(Ticket, [
      { _id: new mongoose.Types.ObjectId(), key: "u1", state: "open" },
      { _id: new mongoose.Types.ObjectId(), key: "u2", state: "open" },
      { _id: new mongoose.Types.ObjectId(), key: "u3", state: "open" },
    ]);
    const changed = await leanUpdate(Ticket, [
      { q: { key: { $in: ["u1", "u2"] } }, u: { $set: { state: "ended" } }, multi: true },
      { q: { key: "u3", state: "gone" }, u: { $set: { state: "ended" } } },
    ]);
    expect(changed).toBe(2);
    const states = await Ticket.find({ key: /^u/ }).sort({ key: 1 }).lean();
    expect(states.map((t) => t.state)).toEqual(["ended", "ended", "open"]);
  });
});

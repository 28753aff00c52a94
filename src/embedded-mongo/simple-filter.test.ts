import { ObjectId } from "bson";
import { Query } from "mingo";
import { describe, expect, it } from "vitest";
import { compileSimpleFilter } from "./simple-filter.js";

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const ids = [new ObjectId("64b000000000000000000001"), new ObjectId("64b000000000000000000002")];
const values: unknown[] = [
  0,
  1,
  2.5,
  -1,
  "a",
  "b",
  "",
  true,
  false,
  null,
  undefined,
  new Date(0),
  new Date(1000),
  ids[0],
  ids[1],
  [1, 2],
  { x: 1 },
];

describe("the simple filter matcher", () => {
  it("agrees with mingo on every document it decides", () => {
    const next = random(42);
    const pickValue = () => values[Math.floor(next() * values.length)];
    const scalar = () => {
      let value = pickValue();
      while (
        Array.isArray(value) ||
        (value !== null && typeof value === "object" && !(value instanceof Date) && !(value instanceof ObjectId))
      ) {
        value = pickValue();
      }
      return value;
    };
    const operators = ["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists"];
    let decided = 0;
    for (let round = 0; round < 3000; round++) {
      const doc: Record<string, unknown> = {};
      for (const field of ["a", "b"]) {
        const value = pickValue();
        if (value !== undefined) doc[field] = value;
      }
      doc.nested = { c: scalar() };
      const field = ["a", "b", "nested.c", "missing"][Math.floor(next() * 4)] as string;
      const operator = operators[Math.floor(next() * operators.length)] as string;
      // mingo differs from MongoDB for null inside $in/$nin (tested separately below).
      const listed = () => {
        let value = scalar();
        while (value === null || value === undefined) value = scalar();
        return value;
      };
      const operand =
        operator === "$in" || operator === "$nin"
          ? [listed(), listed()]
          : operator === "$exists"
            ? next() < 0.5
            : scalar();
      const filter = next() < 0.3 && operator === "$eq" ? { [field]: operand } : { [field]: { [operator]: operand } };
      const matcher = compileSimpleFilter(filter);
      if (!matcher) continue;
      const simple = matcher(doc);
      if (simple === undefined) continue;
      decided++;
      const expected = new Query(filter).test(doc);
      if (simple !== expected)
        throw new Error(`disagree on ${JSON.stringify(filter)} for ${JSON.stringify(doc)}: ${simple} vs ${expected}`);
    }
    expect(decided).toBeGreaterThan(1500);
  });

  it("treats a missing field as null in $in and $nin, as MongoDB does", () => {
    expect(compileSimpleFilter({ x: { $nin: [null, 1] } })?.({ a: 1 })).toBe(false);
    expect(compileSimpleFilter({ x: { $in: [null] } })?.({ a: 1 })).toBe(true);
    expect(compileSimpleFilter({ x: { $ne: null } })?.({ a: 1 })).toBe(false);
  });

  it("leaves shapes it does not know to mingo", () => {
    expect(compileSimpleFilter({ $or: [{ a: 1 }] })).toBeNull();
    expect(compileSimpleFilter({ a: { $regex: "x" } })).toBeNull();
    expect(compileSimpleFilter({ a: { b: 1 } })).toBeNull();
    expect(compileSimpleFilter({ a: { $gt: null } })).toBeNull();
    expect(compileSimpleFilter({ a: 1 })?.({ a: [1, 2] })).toBeUndefined();
  });
});

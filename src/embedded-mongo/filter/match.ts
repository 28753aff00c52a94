import type { Document } from "bson";
import { type Collator, compareValues, valuesEqual } from "../bson/compare.js";
import { toDouble } from "../bson/numbers.js";
import { type BsonTypeName, bsonType, canonicalRank, isNumeric, TYPE_CODES } from "../bson/types.js";
import { MongoCommandError } from "../errors.js";
import { isPlainObject } from "../values.js";
import { MISSING, pathValues } from "./paths.js";

/**
 * MongoDB's query language over documents held as in bson/types.ts: exact BSON comparison across
 * numeric types, type bracketing, implicit array traversal, and string comparison under an
 * optional collation. Operators it does not implement are refused, never ignored.
 */
export type Predicate = (doc: Document) => boolean;

export interface MatchOptions {
  collator?: Collator;
  /** Evaluates an aggregation expression against a document, for $expr. */
  evaluate?: (expression: unknown, doc: Document) => unknown;
}

/** A test of one value that a path reached (MISSING when it reached nothing). */
type ValueTest = (value: unknown) => boolean;

export function compileFilter(filter: Document, options: MatchOptions = {}): Predicate {
  if (!isPlainObject(filter)) throw badValue("the query filter must be an object");
  const parts: Predicate[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (key.startsWith("$")) {
      const predicate = topLevel(key, condition, options);
      if (predicate) parts.push(predicate);
    } else {
      parts.push(fieldPredicate(key, condition, options));
    }
  }
  if (parts.length === 1) return parts[0] as Predicate;
  return (doc) => {
    for (const part of parts) if (!part(doc)) return false;
    return true;
  };
}

function topLevel(key: string, condition: unknown, options: MatchOptions): Predicate | null {
  switch (key) {
    case "$and":
    case "$or":
    case "$nor": {
      if (!Array.isArray(condition) || condition.length === 0) throw badValue(`${key} must be a nonempty array`);
      const clauses = condition.map((clause) => {
        if (!isPlainObject(clause)) throw badValue(`${key} argument's entries must be objects`);
        return compileFilter(clause, options);
      });
      if (key === "$and") return (doc) => clauses.every((clause) => clause(doc));
      if (key === "$or") return (doc) => clauses.some((clause) => clause(doc));
      return (doc) => !clauses.some((clause) => clause(doc));
    }
    case "$expr": {
      const evaluate = options.evaluate;
      if (!evaluate) throw notImplemented("$expr here");
      return (doc) => truthy(evaluate(condition, doc));
    }
    case "$comment":
      return null;
    case "$where":
    case "$jsonSchema":
    case "$text":
      throw notImplemented(key);
    default:
      throw badValue(`unknown top level operator: ${key}`);
  }
}

function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (isNumeric(value)) return toDouble(value) !== 0;
  return true;
}

function fieldPredicate(path: string, condition: unknown, options: MatchOptions): Predicate {
  const parts = path.split(".");
  const test = conditionTest(condition, options);
  return (doc) => test(pathValues(doc, parts));
}

/** A test over every value a path reached. */
type PathTest = (values: unknown[]) => boolean;

function isOperatorObject(condition: unknown): condition is Document {
  if (!isPlainObject(condition)) return false;
  const first = Object.keys(condition)[0];
  return first?.startsWith("$") === true;
}

function conditionTest(condition: unknown, options: MatchOptions): PathTest {
  if (isOperatorObject(condition)) {
    const tests = Object.entries(condition).map(([operator, operand]) =>
      operatorTest(operator, operand, condition, options),
    );
    if (tests.length === 1) return tests[0] as PathTest;
    return (values) => tests.every((test) => test(values));
  }
  if (isRegex(condition)) return anyValue(regexTest(condition), true);
  return equalityTest(condition, options.collator);
}

/** Passes when `test` passes for a reached value or, when `intoArrays`, for an element of one. */
function anyValue(test: ValueTest, intoArrays: boolean): PathTest {
  return (values) => {
    for (const value of values) {
      if (test(value)) return true;
      if (intoArrays && Array.isArray(value)) for (const element of value) if (test(element)) return true;
    }
    return false;
  };
}

function equalityTest(operand: unknown, collator: Collator): PathTest {
  if (operand === null) {
    return anyValue((value) => value === MISSING || value === null || value === undefined, true);
  }
  if (typeof operand === "string" && !collator) return anyValue((value) => value === operand, true);
  if (typeof operand === "number" && Number.isSafeInteger(operand)) {
    return anyValue(
      (value) => value === operand || (typeof value === "object" && value !== null && valuesEqual(value, operand)),
      true,
    );
  }
  return anyValue((value) => value !== MISSING && valuesEqual(value, operand, collator), true);
}

function operatorTest(operator: string, operand: unknown, all: Document, options: MatchOptions): PathTest {
  const { collator } = options;
  switch (operator) {
    case "$eq":
      return equalityTest(operand, collator);
    case "$ne": {
      const equal = equalityTest(operand, collator);
      return (values) => !equal(values);
    }
    case "$gt":
    case "$gte":
    case "$lt":
    case "$lte":
      return comparisonTest(operator, operand, collator);
    case "$in":
    case "$nin": {
      if (!Array.isArray(operand)) throw badValue(`${operator} needs an array`);
      const tests = operand.map((value) => {
        if (isOperatorObject(value)) throw badValue(`cannot nest $ under ${operator}`);
        return isRegex(value) ? anyValue(regexTest(value), true) : equalityTest(value, collator);
      });
      const found: PathTest = (values) => tests.some((test) => test(values));
      return operator === "$in" ? found : (values) => !found(values);
    }
    case "$exists": {
      const wanted = truthy(operand);
      return (values) => values.some((value) => value !== MISSING) === wanted;
    }
    case "$type":
      return typeTest(operand);
    case "$size": {
      if (!isNumeric(operand)) throw badValue("$size needs a number");
      const size = toDouble(operand);
      if (!Number.isInteger(size)) throw badValue("$size must be a whole number");
      if (size < 0) throw badValue("$size may not be negative");
      return anyValue((value) => Array.isArray(value) && value.length === size, false);
    }
    case "$all":
      return allTest(operand, options);
    case "$elemMatch":
      return elemMatchTest(operand, options);
    case "$regex":
      return anyValue(regexTest(operand, all.$options), true);
    case "$options":
      if (!("$regex" in all)) throw badValue("$options needs a $regex");
      return () => true;
    case "$not": {
      if (isRegex(operand)) {
        const matches = anyValue(regexTest(operand), true);
        return (values) => !matches(values);
      }
      if (!isOperatorObject(operand)) throw badValue("$not needs a regex or a document");
      const inner = conditionTest(operand, options);
      return (values) => !inner(values);
    }
    case "$mod":
      return modTest(operand);
    case "$bitsAllSet":
    case "$bitsAllClear":
    case "$bitsAnySet":
    case "$bitsAnyClear":
      return bitsTest(operator, operand);
    case "$comment":
      return () => true;
    case "$geoWithin":
    case "$geoIntersects":
    case "$near":
    case "$nearSphere":
    case "$text":
    case "$where":
      throw notImplemented(operator);
    default:
      throw badValue(`unknown operator: ${operator}`);
  }
}

function comparisonTest(operator: string, operand: unknown, collator: Collator): PathTest {
  const accepts = (order: number) =>
    operator === "$gt" ? order > 0 : operator === "$gte" ? order >= 0 : operator === "$lt" ? order < 0 : order <= 0;
  if (operand === null) {
    // null compares only with null (and missing): $gte/$lte null are equalities.
    return operator === "$gte" || operator === "$lte" ? equalityTest(null, collator) : () => false;
  }
  const rank = canonicalRank(operand);
  const bound = bsonType(operand);
  const test: ValueTest = (value) => {
    if (value === MISSING) return false;
    // MinKey and MaxKey compare with everything; other types only within their own bracket.
    if (bound !== "minKey" && bound !== "maxKey" && canonicalRank(value) !== rank) return false;
    return accepts(compareValues(value, operand, collator));
  };
  return anyValue(test, true);
}

const TYPE_ALIASES = new Set<string>([...Object.values(TYPE_CODES), "number"]);

function typeTest(operand: unknown): PathTest {
  const wanted = (Array.isArray(operand) ? operand : [operand]).map((type) => {
    if (typeof type === "string") {
      if (!TYPE_ALIASES.has(type)) throw badValue(`Unknown type name alias: ${type}`);
      return type;
    }
    if (isNumeric(type)) {
      const name = TYPE_CODES[toDouble(type)];
      if (!name) throw badValue(`Invalid numerical type code: ${toDouble(type)}`);
      return name;
    }
    throw badValue("type must be represented as a number or a string");
  });
  const isWanted = (value: unknown) => {
    if (value === MISSING) return false;
    const type = bsonType(value) as BsonTypeName;
    return wanted.includes(type) || (wanted.includes("number") && isNumeric(value));
  };
  return anyValue(isWanted, true);
}

function allTest(operand: unknown, options: MatchOptions): PathTest {
  if (!Array.isArray(operand)) throw badValue("$all needs an array");
  if (operand.length === 0) return () => false;
  const tests = operand.map((element) => {
    if (isPlainObject(element) && "$elemMatch" in element) return elemMatchTest(element.$elemMatch, options);
    if (isOperatorObject(element)) throw badValue("no $ expressions in $all");
    return isRegex(element) ? anyValue(regexTest(element), true) : equalityTest(element, options.collator);
  });
  return (values) => tests.every((test) => test(values));
}

function elemMatchTest(operand: unknown, options: MatchOptions): PathTest {
  if (!isPlainObject(operand)) throw badValue("$elemMatch needs an Object");
  const keys = Object.keys(operand);
  const onValues =
    keys.length > 0 && keys.every((k) => k.startsWith("$") && !["$and", "$or", "$nor", "$expr"].includes(k));
  const element: ValueTest = onValues
    ? (
        (test) => (value) =>
          test([value])
      )(conditionTest(operand, options))
    : (
        (predicate) => (value) =>
          isPlainObject(value) && predicate(value)
      )(compileFilter(operand, options));
  return anyValue((value) => Array.isArray(value) && value.some(element), false);
}

function modTest(operand: unknown): PathTest {
  if (!Array.isArray(operand)) throw badValue("malformed mod, needs to be an array");
  if (operand.length < 2) throw badValue("malformed mod, not enough elements");
  if (operand.length > 2) throw badValue("malformed mod, too many elements");
  if (!isNumeric(operand[0]) || !isNumeric(operand[1]))
    throw badValue("malformed mod, divisor and remainder not numbers");
  const divisor = Math.trunc(toDouble(operand[0]));
  const remainder = Math.trunc(toDouble(operand[1]));
  if (divisor === 0) throw badValue("divisor cannot be 0");
  return anyValue((value) => isNumeric(value) && Math.trunc(toDouble(value)) % divisor === remainder, true);
}

function bitsTest(operator: string, operand: unknown): PathTest {
  let mask = 0n;
  if (Array.isArray(operand)) {
    for (const position of operand) mask |= 1n << BigInt(toDouble(position));
  } else if (isNumeric(operand) && Number.isInteger(toDouble(operand)) && toDouble(operand) >= 0) {
    mask = BigInt(toDouble(operand));
  } else {
    throw badValue(`${operator} takes an Array, a number, or a BinData but received: ${String(operand)}`);
  }
  return anyValue((value) => {
    if (!isNumeric(value) || !Number.isInteger(toDouble(value))) return false;
    const bits = BigInt.asUintN(64, BigInt(toDouble(value)));
    const set = bits & mask;
    switch (operator) {
      case "$bitsAllSet":
        return set === mask;
      case "$bitsAllClear":
        return set === 0n;
      case "$bitsAnySet":
        return set !== 0n;
      default:
        return set !== mask;
    }
  }, false);
}

function isRegex(value: unknown): boolean {
  return value instanceof RegExp || (value as { _bsontype?: string } | null)?._bsontype === "BSONRegExp";
}

const REGEX_FLAGS = new Set(["i", "m", "s", "x", "u"]);

/** A JS RegExp for a MongoDB (PCRE) pattern and options; x strips whitespace and comments. */
export function toRegExp(pattern: unknown, options: unknown): RegExp {
  let source: string;
  let flags = typeof options === "string" ? options : "";
  if (pattern instanceof RegExp) {
    source = pattern.source;
    flags = pattern.flags + flags;
  } else if (isRegex(pattern)) {
    const { pattern: p, options: o } = pattern as { pattern: string; options: string };
    source = p;
    flags = o + flags;
  } else if (typeof pattern === "string") {
    source = pattern;
  } else {
    throw badValue("$regex has to be a string");
  }
  if (options !== undefined && typeof options !== "string") throw badValue("$options has to be a string");
  let jsFlags = "";
  for (const flag of new Set(flags)) {
    if (!REGEX_FLAGS.has(flag) && flag !== "g") {
      throw new MongoCommandError("Location51108", `invalid flag in regex options: ${flag}`);
    }
    if (flag === "x") source = source.replace(/\\#|#.*$|\s+/gm, (found) => (found === "\\#" ? found : ""));
    else if (flag !== "g" && flag !== "u") jsFlags += flag;
  }
  try {
    return new RegExp(source, `${jsFlags}u`);
  } catch {
    try {
      return new RegExp(source, jsFlags);
    } catch (error) {
      throw new MongoCommandError("Location51091", `Regular expression is invalid: ${(error as Error).message}`);
    }
  }
}

function regexTest(pattern: unknown, options?: unknown): ValueTest {
  const regex = toRegExp(pattern, options);
  return (value) => {
    if (typeof value === "string") return regex.test(value);
    if ((value as { _bsontype?: string } | null)?._bsontype === "BSONSymbol") return regex.test(String(value));
    return false;
  };
}

function badValue(message: string): MongoCommandError {
  return new MongoCommandError("BadValue", message);
}

function notImplemented(operator: string): MongoCommandError {
  return new MongoCommandError(
    "NotImplemented",
    `${operator} is not implemented by the embedded MongoDB-compatible server`,
  );
}

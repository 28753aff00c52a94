import { Decimal128, type Document, Long } from "bson";
import { evalExpr } from "mingo/core";
import { $push } from "mingo/operators/accumulator";
import * as arithmeticOperators from "mingo/operators/expression/arithmetic";
import * as trigonometryOperators from "mingo/operators/expression/trignometry";
import type { Options } from "mingo/types";
import { type Collator, compareValues } from "../bson/compare.js";
import { arithmetic, average, divide, modulo, numericKind, sum, toDouble } from "../bson/numbers.js";
import { asDouble, bsonType, isInt32Number, isNumeric } from "../bson/types.js";
import { type ErrorCodeName, MongoCommandError } from "../errors.js";

/**
 * Expression and accumulator operators that mingo computes on JS numbers alone, done again over
 * exact BSON types (see bson/numbers.ts): arithmetic, comparison, $type and the conversions, and
 * $sum/$avg/$min/$max. Each also serves as an accumulator: mingo passes those an array of
 * documents, which an expression never is.
 */
type Operator = (obj: unknown, expr: unknown, options: Options) => unknown;

const evaluate = (obj: unknown, expr: unknown, options: Options) => evalExpr(obj, expr, options);

function argumentsOf(name: string, obj: unknown, expr: unknown, options: Options, count?: number): unknown[] {
  const args = evaluate(obj, expr, options);
  const list = Array.isArray(args) ? args : [args];
  if (count !== undefined && list.length !== count) {
    throw new MongoCommandError(
      "Location16020",
      `Expression ${name} takes exactly ${count} arguments. ${list.length} were passed in.`,
    );
  }
  return list;
}

const isNullish = (value: unknown) => value === null || value === undefined;

/** The collation a pipeline runs under, kept among mingo's options (see pipeline.ts). */
export function collatorOf(options: Options): Collator {
  const own = (options as { options?: { collator?: Collator } }).options ?? (options as { collator?: Collator });
  return own.collator;
}

function typeName(value: unknown): string {
  return bsonType(value) ?? "missing";
}

const $add: Operator = (obj, expr, options) => {
  let total: unknown = 0;
  let date: Date | undefined;
  for (const value of argumentsOf("$add", obj, expr, options)) {
    if (isNullish(value)) return null;
    if (value instanceof Date) {
      if (date) throw new MongoCommandError("Location16612", "only one date allowed in an $add expression");
      date = value;
    } else if (isNumeric(value)) total = arithmetic("add", total, value);
    else
      throw new MongoCommandError("Location16554", `$add only supports numeric or date types, not ${typeName(value)}`);
  }
  return date ? new Date(date.getTime() + Math.round(toDouble(total))) : total;
};

const $subtract: Operator = (obj, expr, options) => {
  const [a, b] = argumentsOf("$subtract", obj, expr, options, 2);
  if (isNullish(a) || isNullish(b)) return null;
  if (a instanceof Date && b instanceof Date) return Long.fromNumber(a.getTime() - b.getTime());
  if (a instanceof Date && isNumeric(b)) return new Date(a.getTime() - Math.round(toDouble(b)));
  if (isNumeric(a) && isNumeric(b)) return arithmetic("subtract", a, b);
  throw new MongoCommandError("Location16556", `can't $subtract ${typeName(b)} from ${typeName(a)}`);
};

const $multiply: Operator = (obj, expr, options) => {
  let product: unknown = 1;
  for (const value of argumentsOf("$multiply", obj, expr, options)) {
    if (isNullish(value)) return null;
    if (!isNumeric(value)) {
      throw new MongoCommandError("Location16555", `$multiply only supports numeric types, not ${typeName(value)}`);
    }
    product = arithmetic("multiply", product, value);
  }
  return product;
};

/** $divide and $mod: two numbers (null if either is null), and a refusal of a zero divisor. */
function division(
  name: string,
  compute: (a: unknown, b: unknown) => unknown,
  codes: { types: ErrorCodeName; zero: ErrorCodeName; zeroMessage: string },
): Operator {
  return (obj, expr, options) => {
    const [a, b] = argumentsOf(name, obj, expr, options, 2);
    if (isNullish(a) || isNullish(b)) return null;
    if (!isNumeric(a) || !isNumeric(b)) {
      throw new MongoCommandError(
        codes.types,
        `${name} only supports numeric types, not ${typeName(a)} and ${typeName(b)}`,
      );
    }
    const result = compute(a, b);
    if (result === undefined) throw new MongoCommandError(codes.zero, codes.zeroMessage);
    return result;
  };
}

const $divide = division("$divide", divide, {
  types: "Location16609",
  zero: "BadValue",
  zeroMessage: "can't $divide by zero",
});
const $mod = division("$mod", modulo, {
  types: "Location16611",
  zero: "Location16610",
  zeroMessage: "can't $mod by zero",
});

const $abs: Operator = (obj, expr, options) => {
  const [value] = argumentsOf("$abs", obj, expr, options, 1);
  if (isNullish(value)) return null;
  if (!isNumeric(value))
    throw new MongoCommandError("Location28765", `$abs only supports numeric types, not ${typeName(value)}`);
  return compareValues(value, 0) < 0 ? arithmetic("subtract", 0, value) : value;
};

/** Expression comparison: BSON order across all types; a missing value sorts before null. */
function compareExpressionValues(a: unknown, b: unknown, collator: Collator): number {
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    const other = a === undefined ? b : a;
    if (other === null) return a === undefined ? -1 : 1;
  }
  return compareValues(a, b, collator);
}

function comparison(name: string, accept: (order: number) => boolean | number): Operator {
  return (obj, expr, options) => {
    const [a, b] = argumentsOf(name, obj, expr, options, 2);
    return accept(compareExpressionValues(a, b, collatorOf(options)));
  };
}

const $type: Operator = (obj, expr, options) => {
  const [value] = argumentsOf("$type", obj, Array.isArray(expr) ? expr : [expr], options, 1);
  return typeName(value);
};

const $isNumber: Operator = (obj, expr, options) => {
  const [value] = argumentsOf("$isNumber", obj, Array.isArray(expr) ? expr : [expr], options, 1);
  return isNumeric(value);
};

function conversionFailure(value: unknown, to: string): MongoCommandError {
  return new MongoCommandError("ConversionFailure", `Failed to convert ${typeName(value)} to ${to}`);
}

function toLongValue(value: unknown): Long {
  if (typeof value === "boolean") return Long.fromNumber(value ? 1 : 0);
  if (value instanceof Date) return Long.fromNumber(value.getTime());
  if (typeof value === "string" && /^[+-]?\d+$/.test(value.trim())) {
    const big = BigInt(value.trim());
    if (big >= -(2n ** 63n) && big < 2n ** 63n) return Long.fromBigInt(big);
  }
  if (isNumeric(value)) {
    if (numericKind(value) === "long") return value as Long;
    const text = numericKind(value) === "decimal" ? String(value) : String(Math.trunc(toDouble(value)));
    if (/^-?\d+$/.test(text.split(".")[0] ?? "")) {
      const big = BigInt((text.split(".")[0] as string) || "0");
      if (big >= -(2n ** 63n) && big < 2n ** 63n) return Long.fromBigInt(big);
    }
  }
  throw conversionFailure(value, "long");
}

function converter(to: (value: unknown) => unknown): Operator {
  return (obj, expr, options) => {
    const value = evaluate(obj, expr, options);
    return isNullish(value) ? null : to(value);
  };
}

const $toLong = converter(toLongValue);
const $toInt = converter((value) => {
  const long = toLongValue(value);
  const number = long.toNumber();
  if (number < -(2 ** 31) || number >= 2 ** 31) throw conversionFailure(value, "int");
  return number;
});
const $toDouble = converter((value) => {
  if (typeof value === "boolean") return asDouble(value ? 1 : 0);
  if (value instanceof Date) return asDouble(value.getTime());
  if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return asDouble(Number(value));
  if (isNumeric(value)) return asDouble(toDouble(value));
  throw conversionFailure(value, "double");
});
const $toDecimal = converter((value) => {
  if (typeof value === "boolean") return Decimal128.fromString(value ? "1" : "0");
  if (value instanceof Date) return Decimal128.fromString(String(value.getTime()));
  if (typeof value === "string") {
    try {
      return Decimal128.fromString(value.trim());
    } catch {
      throw conversionFailure(value, "decimal");
    }
  }
  if (numericKind(value) === "decimal") return value;
  if (isNumeric(value)) return arithmetic("add", value, Decimal128.fromString("0"));
  throw conversionFailure(value, "decimal");
});

/** The values an accumulator gathers from `docs`, or an expression's operand's values. */
function gathered(obj: unknown, expr: unknown, options: Options): unknown[] {
  if (Array.isArray(obj)) {
    const field = topLevelField(expr);
    if (field !== undefined) return (obj as Document[]).map((doc) => doc[field]);
    if (typeof expr === "number") return (obj as Document[]).map(() => expr);
    return $push(obj as Document[], expr, options);
  }
  const value = evaluate(obj, expr, options);
  return Array.isArray(value) ? value : [value];
}

/**
 * The field a "$field" expression names when it is a top-level one, which needs no expression
 * evaluation (the common `$sum: "$n"`, `_id: "$venueId"`); undefined for anything else.
 */
export function topLevelField(expr: unknown): string | undefined {
  if (typeof expr !== "string" || !expr.startsWith("$") || expr.startsWith("$$") || expr.includes("."))
    return undefined;
  return expr.slice(1);
}

const $sum: Operator = (obj, expr, options) => sum(gathered(obj, expr, options));
const $avg: Operator = (obj, expr, options) => average(gathered(obj, expr, options));

function extreme(sign: 1 | -1): Operator {
  return (obj, expr, options) => {
    let best: unknown = null;
    for (const value of gathered(obj, expr, options)) {
      if (isNullish(value)) continue;
      if (best === null || sign * compareValues(value, best, collatorOf(options)) < 0) best = value;
    }
    return best;
  };
}

/** Operators whose result has their first argument's type (floor of a double is a double). */
const KEEPS_TYPE = new Set(["$ceil", "$floor", "$round", "$trunc"]);

/**
 * mingo's other arithmetic and trigonometry, which work on JS numbers: int32 and double arguments
 * are handed over as numbers and the result typed as MongoDB types it; long and decimal arguments
 * are refused rather than computed as doubles.
 */
function onPlainNumbers(name: string, operator: Operator): Operator {
  return (obj, expr, options) => {
    const args = evaluate(obj, expr, options);
    const kinds: (string | undefined)[] = [];
    const literal = (value: unknown): unknown => {
      const kind = numericKind(value);
      kinds.push(kind);
      if (kind === "long" || kind === "decimal") {
        throw new MongoCommandError(
          "NotImplemented",
          `${name} of a ${kind} is not implemented by the embedded MongoDB-compatible server`,
        );
      }
      // Already evaluated: anything but a number is passed as a literal, never read as a path.
      return kind ? toDouble(value) : isNullish(value) ? null : { $literal: value };
    };
    const result = operator(obj, Array.isArray(args) ? args.map(literal) : literal(args), options);
    if (typeof result !== "number") return result;
    const integral = KEEPS_TYPE.has(name) || name === "$pow" ? kinds.every((kind) => kind === "int") : false;
    if (!integral) return asDouble(result);
    return isInt32Number(result) ? result : Number.isSafeInteger(result) ? Long.fromNumber(result) : asDouble(result);
  };
}

const plainNumberOperators = Object.fromEntries(
  Object.entries({ ...arithmeticOperators, ...trigonometryOperators })
    .filter(([name]) => !["$add", "$subtract", "$multiply", "$divide", "$mod", "$abs"].includes(name))
    .map(([name, operator]) => [name, onPlainNumbers(name, operator as Operator)]),
);

export const expressionOperators: Record<string, Operator> = {
  ...plainNumberOperators,
  $add,
  $subtract,
  $multiply,
  $divide,
  $mod,
  $abs,
  $eq: comparison("$eq", (order) => order === 0),
  $ne: comparison("$ne", (order) => order !== 0),
  $gt: comparison("$gt", (order) => order > 0),
  $gte: comparison("$gte", (order) => order >= 0),
  $lt: comparison("$lt", (order) => order < 0),
  $lte: comparison("$lte", (order) => order <= 0),
  $cmp: comparison("$cmp", (order) => Math.sign(order)),
  $type,
  $isNumber,
  $toLong,
  $toInt,
  $toDouble,
  $toDecimal,
  $sum,
  $avg,
  $min: extreme(1),
  $max: extreme(-1),
};

export const accumulatorOperators: Record<string, Operator> = {
  $sum,
  $avg,
  $min: extreme(1),
  $max: extreme(-1),
};

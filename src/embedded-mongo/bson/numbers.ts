import { Decimal128, type Double, Long } from "bson";
import { Decimal } from "decimal.js";
import { asDouble, isInt32Number } from "./types.js";

/**
 * Arithmetic and comparison over BSON's four numeric types with MongoDB's rules: a result takes the
 * widest type of its operands (int < long < double < decimal); an int32 result that overflows
 * becomes a long, a long that overflows becomes a double; Decimal128 has 34 significant digits,
 * rounded half to even. Longs are computed as BigInt, so nothing is lost beyond 2^53.
 */
export type NumericKind = "int" | "long" | "double" | "decimal";

/** Decimal128's arithmetic: 34 digits, exponents within its range. */
const Decimal34 = Decimal.clone({
  precision: 34,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -7,
  toExpPos: 34,
  minE: -6143,
  maxE: 6144,
});
/** Exact conversions between the types need more digits than any of them holds. */
const ExactDecimal = Decimal.clone({ precision: 1100, toExpNeg: -9e15, toExpPos: 9e15 });

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const RANK: Record<NumericKind, number> = { int: 0, long: 1, double: 2, decimal: 3 };

export function numericKind(value: unknown): NumericKind | undefined {
  if (typeof value === "number") return isInt32Number(value) ? "int" : "double";
  if (typeof value === "bigint") return "long";
  switch ((value as { _bsontype?: string } | null)?._bsontype) {
    case "Double":
      return "double";
    case "Int32":
      return "int";
    case "Long":
      return "long";
    case "Decimal128":
      return "decimal";
  }
  return undefined;
}

/** The value as a JS number (exact for int and double; the nearest double for long and decimal). */
export function toDouble(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  const tag = (value as { _bsontype?: string })._bsontype;
  if (tag === "Decimal128") return Number(String(value));
  if (tag === "Long") return (value as Long).toNumber();
  return Number((value as Double).valueOf());
}

function toBigInt(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if ((value as { _bsontype?: string })._bsontype === "Long") return (value as Long).toBigInt();
  return BigInt(toDouble(value));
}

/** The exact value of any numeric as a high-precision decimal (doubles included, digit for digit). */
function toExact(value: unknown): Decimal {
  const kind = numericKind(value);
  if (kind === "decimal") return new ExactDecimal(String(value));
  if (kind === "long") return new ExactDecimal(toBigInt(value).toString());
  const number = toDouble(value);
  if (!Number.isFinite(number) || Number.isInteger(number)) {
    return new ExactDecimal(Number.isFinite(number) ? BigInt(number).toString() : number);
  }
  return new ExactDecimal(exactDoubleString(number));
}

/** A double's exact decimal expansion (0.1 is 0.1000000000000000055511151231257827…). */
function exactDoubleString(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exponent = exponentBits - 1075;
  if (exponentBits === 0) exponent = -1074;
  else mantissa |= 1n << 52n;
  // value = mantissa * 2^exponent, exponent < 0 here: mantissa * 5^-exponent / 10^-exponent.
  const digits = (mantissa * 5n ** BigInt(-exponent)).toString().padStart(-exponent + 1, "0");
  const point = digits.length + exponent;
  return `${negative ? "-" : ""}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A numeric as an operand of decimal arithmetic; a double counts with 15 digits, as in MongoDB. */
function toDecimal34(value: unknown): Decimal {
  const kind = numericKind(value);
  if (kind === "decimal") return new Decimal34(String(value));
  const exact = new Decimal34(toExact(value));
  return kind === "double" && exact.isFinite() ? exact.toSignificantDigits(15) : exact;
}

export function fromDecimal(value: Decimal): Decimal128 {
  if (value.isNaN()) return Decimal128.fromString("NaN");
  if (!value.isFinite()) return Decimal128.fromString(value.isNegative() ? "-Infinity" : "Infinity");
  return Decimal128.fromStringWithRounding(value.toSignificantDigits(34).toString());
}

function fromBigInt(value: bigint, kind: "int" | "long"): unknown {
  if (kind === "int" && value >= -(2n ** 31n) && value < 2n ** 31n) return Number(value);
  if (value >= LONG_MIN && value <= LONG_MAX) return Long.fromBigInt(value);
  return undefined;
}

function widest(a: unknown, b: unknown): NumericKind {
  const ka = numericKind(a) ?? "int";
  const kb = numericKind(b) ?? "int";
  return RANK[ka] >= RANK[kb] ? ka : kb;
}

type Operation = "add" | "subtract" | "multiply";

/**
 * `a op b` with MongoDB's type rules. Integer overflow widens int → long → double as the
 * aggregation operators do; `strictLong` makes a long overflow answer undefined instead, as the
 * update operators ($inc, $mul) refuse it.
 */
export function arithmetic(operation: Operation, a: unknown, b: unknown, strictLong = false): unknown {
  const kind = widest(a, b);
  if (kind === "int" && typeof a === "number" && typeof b === "number") {
    const result = operation === "add" ? a + b : operation === "subtract" ? a - b : a * b;
    if (isInt32Number(result)) return result;
    if (Number.isSafeInteger(result)) return Long.fromNumber(result);
  }
  if (kind === "int" || kind === "long") {
    const x = toBigInt(a);
    const y = toBigInt(b);
    const result = operation === "add" ? x + y : operation === "subtract" ? x - y : x * y;
    const fitted = fromBigInt(result, kind);
    if (fitted !== undefined) return fitted;
    if (strictLong) return undefined;
    return doubleArithmetic(operation, toDouble(a), toDouble(b));
  }
  if (kind === "double") return doubleArithmetic(operation, toDouble(a), toDouble(b));
  const x = toDecimal34(a);
  const y = toDecimal34(b);
  return fromDecimal(operation === "add" ? x.plus(y) : operation === "subtract" ? x.minus(y) : x.times(y));
}

function doubleArithmetic(operation: Operation, a: number, b: number): unknown {
  return asDouble(operation === "add" ? a + b : operation === "subtract" ? a - b : a * b);
}

/** a / b: a double, or a decimal when either is one. Undefined for a division by zero. */
export function divide(a: unknown, b: unknown): unknown {
  if (widest(a, b) === "decimal") {
    const divisor = toDecimal34(b);
    return divisor.isZero() ? undefined : fromDecimal(toDecimal34(a).dividedBy(divisor));
  }
  const divisor = toDouble(b);
  return divisor === 0 ? undefined : asDouble(toDouble(a) / divisor);
}

/** a mod b, with the dividend's sign, in the widest type. Undefined for a modulus of zero. */
export function modulo(a: unknown, b: unknown): unknown {
  const kind = widest(a, b);
  if (kind === "decimal") {
    const divisor = toDecimal34(b);
    return divisor.isZero() ? undefined : fromDecimal(toDecimal34(a).modulo(divisor));
  }
  if (kind === "double") {
    const divisor = toDouble(b);
    return divisor === 0 ? undefined : asDouble(toDouble(a) % divisor);
  }
  const divisor = toBigInt(b);
  if (divisor === 0n) return undefined;
  return fromBigInt(toBigInt(a) % divisor, kind);
}

/** Sum of numerics, skipping anything else, as $sum does; int overflow widens. */
export function sum(values: Iterable<unknown>): unknown {
  // Plain numbers (int32 and doubles, nearly every value) are added as doubles while that is exact.
  let plain = 0;
  let plainInts = true;
  const typed: unknown[] = [];
  for (const value of values) {
    if (typeof value === "number") {
      plain += value;
      if (plainInts && !isInt32Number(value)) plainInts = false;
    } else if (numericKind(value)) typed.push(value);
  }
  let total: unknown = plainInts ? (Number.isSafeInteger(plain) ? integer(plain) : undefined) : asDouble(plain);
  if (total === undefined) {
    total = 0;
    for (const value of values) if (typeof value === "number") total = arithmetic("add", total, value);
  }
  for (const value of typed) total = arithmetic("add", total, value);
  return total;
}

function integer(value: number): unknown {
  return isInt32Number(value) || value === 0 ? value : Long.fromNumber(value);
}

/** Average of numerics, skipping anything else: a double (decimal if any was one), null if none. */
export function average(values: Iterable<unknown>): unknown {
  let plain = 0;
  let count = 0;
  const typed: unknown[] = [];
  for (const value of values) {
    if (typeof value === "number") {
      plain += value;
      count++;
    } else if (numericKind(value)) {
      typed.push(value);
      count++;
    }
  }
  if (count === 0) return null;
  if (typed.length === 0) return asDouble(plain / count);
  let total: unknown = plain;
  for (const value of typed)
    total = arithmetic("add", total, numericKind(value) === "decimal" ? value : toDouble(value));
  return divide(numericKind(total) === "decimal" ? total : toDouble(total), count);
}

function isNaNValue(value: unknown, kind: NumericKind): boolean {
  return kind === "decimal" ? String(value) === "NaN" : kind === "double" && Number.isNaN(toDouble(value));
}

/**
 * Orders two numerics by value exactly, whatever their types (NaN first, equal to itself; -0
 * equal to 0), as MongoDB does. Two numbers that are both exact as doubles compare directly.
 */
export function compareNumbers(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return compareDoubles(a, b);
  const ka = numericKind(a) as NumericKind;
  const kb = numericKind(b) as NumericKind;
  const nanA = isNaNValue(a, ka);
  const nanB = isNaNValue(b, kb);
  if (nanA || nanB) return nanA && nanB ? 0 : nanA ? -1 : 1;
  if (ka !== "decimal" && kb !== "decimal" && (ka !== "long" || isSafe(a)) && (kb !== "long" || isSafe(b))) {
    return compareDoubles(toDouble(a), toDouble(b));
  }
  if (ka === "long" && kb === "long") {
    const x = toBigInt(a);
    const y = toBigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return toExact(a).comparedTo(toExact(b));
}

function isSafe(value: unknown): boolean {
  const big = toBigInt(value);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER);
}

function compareDoubles(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : 1;
}

/**
 * A string equal for two numerics exactly when they are equal in value ("n1" for 1, 1.0, Long(1)
 * and Decimal128("1.00")), used as a map key for _ids, index entries and group keys.
 */
export function numericKey(value: unknown): string {
  if (typeof value === "number" && Number.isSafeInteger(value)) return `n${value === 0 ? 0 : value}`;
  const kind = numericKind(value) as NumericKind;
  if (kind === "long") return `n${toBigInt(value)}`;
  if (isNaNValue(value, kind)) return "nNaN";
  const exact = toExact(value);
  if (!exact.isFinite()) return exact.isNegative() ? "n-Inf" : "nInf";
  if (exact.isZero()) return "n0";
  return `n${exact.toFixed()}`;
}

import { EJSON } from "bson";

/**
 * Matching of actual values against a unified-format expectation: extra fields are allowed in
 * root-level documents only; numbers compare by value whatever their BSON type; the special
 * operators $$exists, $$type, $$unsetOrMatches and $$lte are understood.
 * Returns null on a match, or a description of the first difference.
 */
export function mismatch(expected: unknown, actual: unknown, root = true, path = "$"): string | null {
  if (isSpecialOperator(expected)) return specialMismatch(expected, actual, path);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${show(actual)}`;
    if (actual.length !== expected.length) {
      return `${path}: expected ${expected.length} elements, got ${actual.length}: ${show(actual)}`;
    }
    for (const [i, element] of expected.entries()) {
      const difference = mismatch(element, actual[i], root, `${path}[${i}]`);
      if (difference) return difference;
    }
    return null;
  }
  if (isDocument(expected)) {
    if (!isDocument(actual)) return `${path}: expected a document, got ${show(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      if (isSpecialOperator(value) && "$$exists" in value) {
        const difference = specialMismatch(value, actual[key], `${path}.${key}`);
        if (difference) return difference;
        continue;
      }
      if (isSpecialOperator(value) && "$$unsetOrMatches" in value && !(key in actual)) continue;
      if (!(key in actual)) return `${path}.${key}: missing (expected ${show(value)})`;
      const difference = mismatch(value, actual[key], false, `${path}.${key}`);
      if (difference) return difference;
    }
    if (!root) {
      const extra = Object.keys(actual).filter((key) => !(key in expected) && actual[key] !== undefined);
      if (extra.length > 0) return `${path}: unexpected fields ${extra.join(", ")}`;
    }
    return null;
  }
  return sameValue(expected, actual) ? null : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

function specialMismatch(operator: Record<string, unknown>, actual: unknown, path: string): string | null {
  if ("$$exists" in operator) {
    const exists = actual !== undefined;
    return exists === operator.$$exists ? null : `${path}: expected to ${operator.$$exists ? "exist" : "be absent"}`;
  }
  if ("$$unsetOrMatches" in operator) {
    return actual === undefined ? null : mismatch(operator.$$unsetOrMatches, actual, true, path);
  }
  if ("$$type" in operator) {
    const types = ([] as unknown[]).concat(operator.$$type).map(String);
    return types.includes(bsonTypeOf(actual)) || (isNumber(actual) && types.some((t) => NUMERIC.has(t)))
      ? null
      : `${path}: expected type ${types.join("|")}, got ${bsonTypeOf(actual)}`;
  }
  if ("$$lte" in operator) {
    return toNumber(actual) <= toNumber(operator.$$lte)
      ? null
      : `${path}: ${show(actual)} is not <= ${show(operator.$$lte)}`;
  }
  return `${path}: unsupported matcher ${Object.keys(operator)[0]}`;
}

const NUMERIC = new Set(["int", "long", "double", "decimal"]);

function isSpecialOperator(value: unknown): value is Record<string, unknown> {
  return isDocument(value) && Object.keys(value).length === 1 && (Object.keys(value)[0] ?? "").startsWith("$$");
}

function isDocument(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isNumber(value: unknown): boolean {
  if (typeof value === "number" || typeof value === "bigint") return true;
  const type = (value as { _bsontype?: string } | null)?._bsontype;
  return type === "Long" || type === "Int32" || type === "Double" || type === "Decimal128";
}

function toNumber(value: unknown): number {
  return Number(typeof value === "object" && value !== null ? String(value) : value);
}

function bsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof Date) return "date";
  if (value instanceof RegExp) return "regex";
  switch (typeof value) {
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(value) ? "int" : "double";
    case "bigint":
      return "long";
    case "undefined":
      return "undefined";
  }
  const type = (value as { _bsontype?: string })._bsontype;
  const names: Record<string, string> = {
    ObjectId: "objectId",
    Long: "long",
    Int32: "int",
    Double: "double",
    Decimal128: "decimal",
    Binary: "binData",
    Timestamp: "timestamp",
  };
  return (type && names[type]) ?? "object";
}

function sameValue(expected: unknown, actual: unknown): boolean {
  if (isNumber(expected) || isNumber(actual))
    return isNumber(expected) && isNumber(actual) && toNumber(expected) === toNumber(actual);
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  return (
    EJSON.stringify(expected as never, { relaxed: false }) === EJSON.stringify(actual as never, { relaxed: false })
  );
}

export function show(value: unknown): string {
  try {
    const text = EJSON.stringify(value as never, { relaxed: true });
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(value);
  }
}

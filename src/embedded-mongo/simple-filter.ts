import type { Document } from "bson";
import { isPlainObject } from "./values.js";

/**
 * A matcher for the filter shapes most queries use — equality, $ne, $in, $nin, comparisons and
 * $exists on scalar fields — without the setup mingo does for every query. It answers `undefined`
 * for any document it cannot judge exactly (an array or embedded document on the path, an unusual
 * BSON type), and the caller asks mingo for those.
 */
export type SimpleMatcher = (doc: Document) => boolean | undefined;

const COMPARISONS = new Set(["$gt", "$gte", "$lt", "$lte"]);
const SUPPORTED = new Set(["$eq", "$ne", "$in", "$nin", "$exists", ...COMPARISONS]);
const UNDECIDABLE = Symbol("undecidable");

type Check = (doc: Document) => boolean | undefined;

/** The matcher for `filter`, or null when its shape needs mingo. */
export function compileSimpleFilter(filter: Document): SimpleMatcher | null {
  const checks: Check[] = [];
  for (const [path, condition] of Object.entries(filter)) {
    if (path.startsWith("$") || path === "") return null;
    if (isQueryOperand(condition)) {
      checks.push(equalityCheck(path, condition));
      continue;
    }
    if (!isPlainObject(condition)) return null;
    const operators = Object.entries(condition);
    if (operators.length === 0) return null;
    for (const [operator, operand] of operators) {
      const check = operatorCheck(path, operator, operand);
      if (!check) return null;
      checks.push(check);
    }
  }
  return (doc) => {
    for (const check of checks) {
      const result = check(doc);
      if (result !== true) return result;
    }
    return true;
  };
}

function operatorCheck(path: string, operator: string, operand: unknown): Check | null {
  if (!SUPPORTED.has(operator)) return null;
  if (operator === "$exists") {
    if (typeof operand !== "boolean") return null;
    return (doc) => {
      const value = valueAt(doc, path);
      return value === UNDECIDABLE ? undefined : (value !== undefined) === operand;
    };
  }
  if (operator === "$in" || operator === "$nin") {
    if (!Array.isArray(operand) || !operand.every(isQueryOperand)) return null;
    const anyOf = operand.map((value) => equalityCheck(path, value));
    return (doc) => {
      let found: boolean | undefined = false;
      for (const check of anyOf) {
        const result = check(doc);
        if (result === undefined) return undefined;
        if (result) {
          found = true;
          break;
        }
      }
      return operator === "$in" ? found : !found;
    };
  }
  if (!isQueryOperand(operand)) return null;
  if (operator === "$eq") return equalityCheck(path, operand);
  if (operator === "$ne") {
    const equal = equalityCheck(path, operand);
    return (doc) => {
      const result = equal(doc);
      return result === undefined ? undefined : !result;
    };
  }
  // Comparisons with null match null and missing fields in MongoDB; leave those to mingo.
  if (operand === null) return null;
  return (doc) => {
    const value = valueAt(doc, path);
    if (value === UNDECIDABLE || !isOperand(value)) return undefined;
    const order = compare(value, operand);
    if (order === undefined) return false;
    switch (operator) {
      case "$gt":
        return order > 0;
      case "$gte":
        return order >= 0;
      case "$lt":
        return order < 0;
      default:
        return order <= 0;
    }
  };
}

function equalityCheck(path: string, operand: unknown): Check {
  return (doc) => {
    const value = valueAt(doc, path);
    if (value === UNDECIDABLE || !isOperand(value)) return undefined;
    return sameValue(value, operand);
  };
}

/** The scalar at a dotted path; UNDECIDABLE when an array or embedded document is in the way. */
function valueAt(doc: Document, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split(".")) {
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value) || !isPlainObject(value)) return UNDECIDABLE;
    value = value[part];
  }
  return Array.isArray(value) ? UNDECIDABLE : value;
}

/** Scalars this matcher understands exactly: no arrays, documents, regexes or rarer BSON types. */
function isOperand(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  const type = typeof value;
  if (type === "string" || type === "boolean") return true;
  if (type === "number") return !Number.isNaN(value);
  if (value instanceof Date) return true;
  return (value as { _bsontype?: string })._bsontype === "ObjectId";
}

/** An operand a filter can hold: undefined is not one (BSON drops it, changing the filter's meaning). */
function isQueryOperand(value: unknown): boolean {
  return value !== undefined && isOperand(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return compare(a, b) === 0;
}

/** Order within one BSON type bracket; undefined across brackets (MongoDB then never matches). */
function compare(a: unknown, b: unknown): number | undefined {
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  const hexA = (a as { _bsontype?: string })._bsontype === "ObjectId" ? String(a) : undefined;
  const hexB = (b as { _bsontype?: string })._bsontype === "ObjectId" ? String(b) : undefined;
  if (hexA !== undefined && hexB !== undefined) return hexA < hexB ? -1 : hexA > hexB ? 1 : 0;
  return undefined;
}

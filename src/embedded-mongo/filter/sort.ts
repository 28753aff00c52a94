import type { Document } from "bson";
import { type Collator, compareValues } from "../bson/compare.js";
import { toDouble } from "../bson/numbers.js";
import { isNumeric } from "../bson/types.js";
import { MongoCommandError } from "../errors.js";
import { isPlainObject } from "../values.js";
import { MISSING, pathValues } from "./paths.js";

/** Sorts before every value, as an empty array does in a MongoDB sort. */
const EMPTY_ARRAY = Symbol("empty array");

interface SortField {
  parts: string[];
  direction: 1 | -1;
}

/** The fields of a sort specification; $natural is handled by the caller (natural order). */
export function sortFields(spec: Document): SortField[] {
  if (!isPlainObject(spec)) throw new MongoCommandError("BadValue", "the sort specification must be an object");
  return Object.entries(spec)
    .filter(([field]) => field !== "$natural")
    .map(([field, direction]) => {
      const number = isNumeric(direction) ? toDouble(direction) : Number.NaN;
      if (number !== 1 && number !== -1) {
        throw new MongoCommandError(
          "Location15974",
          `Illegal key in $sort specification: ${field}: ${String(direction)}`,
        );
      }
      if (field === "")
        throw new MongoCommandError("Location40352", "FieldPath cannot be constructed with empty string");
      return { parts: field.split("."), direction: number as 1 | -1 };
    });
}

/**
 * The value a document sorts by on one field: for an array, its smallest element ascending and
 * its largest descending (an empty array before everything); a missing field as null.
 */
function sortKey(doc: Document, field: SortField, collator: Collator): unknown {
  let best: unknown = MISSING;
  const consider = (value: unknown) => {
    if (best === MISSING) best = value;
    else if (best !== EMPTY_ARRAY && value !== EMPTY_ARRAY) {
      const order = compareValues(value, best, collator);
      if (field.direction === 1 ? order < 0 : order > 0) best = value;
    }
  };
  for (const value of pathValues(doc, field.parts)) {
    if (Array.isArray(value)) {
      if (value.length === 0) consider(EMPTY_ARRAY);
      else for (const element of value) consider(element);
    } else consider(value === MISSING ? null : value);
  }
  return best === MISSING ? null : best;
}

function compareKeys(a: unknown, b: unknown, collator: Collator): number {
  if (a === EMPTY_ARRAY || b === EMPTY_ARRAY) return a === b ? 0 : a === EMPTY_ARRAY ? -1 : 1;
  return compareValues(a, b, collator);
}

/** `docs` in MongoDB's sort order for `spec` (a stable sort: ties keep their order). */
export function sortDocuments(docs: Document[], spec: Document, collator?: Collator): Document[] {
  const fields = sortFields(spec);
  if (fields.length === 0)
    return spec.$natural !== undefined && toDouble(spec.$natural) < 0 ? [...docs].reverse() : docs;
  const keyed = docs.map((doc) => ({ doc, keys: fields.map((field) => sortKey(doc, field, collator)) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < fields.length; i++) {
      const order = compareKeys(x.keys[i], y.keys[i], collator);
      if (order !== 0) return order * (fields[i] as SortField).direction;
    }
    return 0;
  });
  return keyed.map(({ doc }) => doc);
}

import type { Document } from "bson";
import { ObjectId } from "bson";

/** A scalar that index entries can be looked up by (no documents, arrays, regexes or nulls). */
export function isIndexableScalar(value: unknown): boolean {
  if (value === null || value === undefined || value instanceof RegExp || Array.isArray(value)) return false;
  if (typeof value !== "object") return true;
  if (value instanceof Date) return true;
  const bsonType = (value as { _bsontype?: string })._bsontype;
  return (
    bsonType === "ObjectId" ||
    bsonType === "Long" ||
    bsonType === "Int32" ||
    bsonType === "Double" ||
    bsonType === "Decimal128"
  );
}

/** Deep copy of plain objects and arrays; BSON values, dates and regexes are immutable here and shared. */
export function cloneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneDocument) as T;
  if (value !== null && typeof value === "object" && isPlainObject(value)) {
    const copy: Document = {};
    for (const [k, v] of Object.entries(value)) copy[k] = cloneDocument(v);
    return copy as T;
  }
  return value;
}

export function isPlainObject(value: unknown): value is Document {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The values at a dotted path, as an index sees them: arrays along the way and at the end are
 * expanded into their elements; a path that leads nowhere yields null.
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  // A top-level field holding no array, the usual case of an index or a filter: no path walk.
  if (!path.includes(".") && isPlainObject(doc)) {
    if (!(path in doc)) return [null];
    const value = doc[path];
    if (!Array.isArray(value)) return [value];
  }
  const out: unknown[] = [];
  collectPathValues(doc, path.split("."), 0, out);
  return out.length === 0 ? [null] : out;
}

function collectPathValues(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined);
      else out.push(...value);
    } else out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    const part = parts[i] as string;
    if (/^\d+$/.test(part)) collectPathValues(value[Number(part)], parts, i + 1, out);
    // One level of array is expanded on the way, as mongod's index keys do: a field is not looked
    // for inside an array within an array ({a: [[{d}]]} has no "a.d").
    else for (const element of value) if (!Array.isArray(element)) collectPathValues(element, parts, i, out);
    return;
  }
  if (isPlainObject(value) && (parts[i] as string) in value) {
    collectPathValues(value[parts[i] as string], parts, i + 1, out);
  }
}

/** Puts _id first, as MongoDB stores it, generating an ObjectId when the document has none. */
export function withIdFirst(doc: Document): Document {
  const id = "_id" in doc ? doc._id : new ObjectId();
  const { _id: _ignored, ...rest } = doc;
  return { _id: id, ...rest };
}

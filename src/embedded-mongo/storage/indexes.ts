import type { Document } from "bson";
import { valueKey } from "../bson/compare.js";
import { toDouble } from "../bson/numbers.js";
import { isNumeric } from "../bson/types.js";
import { MongoCommandError } from "../errors.js";
import { compileFilter, type Predicate } from "../filter/match.js";
import { isPlainObject, valuesAtPath } from "../values.js";
import { ExpiryQueue } from "./expiry-queue.js";

export interface IndexSpec {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Document;
  [option: string]: unknown;
}

/** A document's entries in an index: by its leading field's values, and its whole keys (unique indexes). */
export interface IndexKeys {
  leading: string[];
  full: string[];
  /** For a TTL index: the earliest date in the field (a document without one never expires). */
  dateMs?: number;
}

/** Compound keys of one document beyond this many (parallel arrays) are refused, as MongoDB does. */
const MAX_KEYS_PER_DOCUMENT = 1000;

/** The name MongoDB gives an index that was created without one: `a_1_b_-1`. */
export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${String(direction)}`)
    .join("_");
}

/**
 * A secondary index kept in memory: entries by the value of its leading field (so an equality on
 * that field narrows a query to the matching documents), and for unique indexes a map from the
 * whole key to the owning document.
 */
export class Index {
  readonly spec: IndexSpec;
  readonly fields: string[];
  private readonly partialFilter: Predicate | undefined;
  private readonly byLeadingValue = new Map<string, Set<string>>();
  private readonly ownerOfKey = new Map<string, string>();
  /** A TTL index's documents by date (an index's spec never changes: collMod makes a new one). */
  private readonly expiry: ExpiryQueue | undefined;

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.fields = Object.keys(spec.key);
    this.partialFilter = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : undefined;
    this.expiry = this.ttlSeconds === undefined ? undefined : new ExpiryQueue();
  }

  get leadingField(): string {
    return this.fields[0] as string;
  }

  /**
   * Whether every document whose leading field equals one of `values` is in this index, so a
   * look-up through it misses none: always for a full index; for a sparse one (the values are not
   * null); for a partial one whose filter is on the leading field alone and accepts each value.
   */
  holdsAllWithLeadingValues(values: unknown[]): boolean {
    if (!this.partialFilter) return true;
    const filtered = Object.keys(this.spec.partialFilterExpression ?? {});
    if (filtered.length !== 1 || filtered[0] !== this.leadingField) return false;
    const filter = this.partialFilter;
    return values.every((value) => filter(documentWith(this.leadingField, value)));
  }

  get ttlSeconds(): number | undefined {
    return this.fields.length === 1 ? ttlSecondsOf(this.spec.expireAfterSeconds) : undefined;
  }

  /**
   * The keys `doc` has in this index (null when the index leaves it out), to check with
   * assertUnique and store with add: computed once for both.
   */
  keysFor(doc: Document): IndexKeys | null {
    if (this.partialFilter && !this.partialFilter(doc)) return null;
    const values = this.fields.map((field) => valuesAtPath(doc, field));
    if (this.spec.sparse && values.every((each) => each.every((v) => v == null))) return null;
    const perField = values.map((each) => (each.length === 1 ? [valueKey(each[0])] : [...new Set(each.map(valueKey))]));
    // Only a unique index looks documents up by their whole key.
    const keys: IndexKeys = { leading: perField[0] ?? [], full: this.spec.unique ? this.wholeKeys(perField) : [] };
    const dateMs = this.expiry ? earliestDate(values[0] ?? []) : undefined;
    if (dateMs !== undefined) keys.dateMs = dateMs;
    return keys;
  }

  private wholeKeys(perField: string[][]): string[] {
    let full: string[] = [""];
    for (const keys of perField) {
      full = full.flatMap((prefix) => keys.map((k) => `${prefix}|${k}`));
      if (full.length > MAX_KEYS_PER_DOCUMENT) {
        throw new MongoCommandError("CannotCreateIndex", `cannot index parallel arrays in index ${this.spec.name}`);
      }
    }
    return full;
  }

  /** Throws MongoDB's duplicate-key error if `doc` would take a unique key owned by another document. */
  assertUnique(doc: Document, keys: IndexKeys | null, docKey: string, ns: string): void {
    if (!this.spec.unique || !keys) return;
    for (const key of keys.full) {
      const owner = this.ownerOfKey.get(key);
      if (owner !== undefined && owner !== docKey) throw this.duplicateKeyError(doc, ns);
    }
  }

  add(keys: IndexKeys | null, docKey: string): void {
    if (!keys) return;
    if (keys.dateMs !== undefined) this.expiry?.push(keys.dateMs, docKey);
    for (const leading of keys.leading) {
      let set = this.byLeadingValue.get(leading);
      if (!set) {
        set = new Set();
        this.byLeadingValue.set(leading, set);
      }
      set.add(docKey);
    }
    if (this.spec.unique) for (const key of keys.full) this.ownerOfKey.set(key, docKey);
  }

  remove(doc: Document, docKey: string): void {
    const keys = this.keysFor(doc);
    if (!keys) return;
    for (const leading of keys.leading) {
      const set = this.byLeadingValue.get(leading);
      set?.delete(docKey);
      if (set?.size === 0) this.byLeadingValue.delete(leading);
    }
    if (this.spec.unique) {
      for (const key of keys.full) if (this.ownerOfKey.get(key) === docKey) this.ownerOfKey.delete(key);
    }
  }

  /**
   * The documents whose date in this TTL index is at or before `cutoffMs`. An entry left by a
   * document since deleted or given a later date is dropped as it comes up; when leftovers
   * outnumber the documents, the queue is made again from the documents. At most `max` entries a
   * call: what is left comes up at the next.
   */
  expiredDocuments(cutoffMs: number, docs: ReadonlyMap<string, Document>, max = Number.POSITIVE_INFINITY): Document[] {
    if (!this.expiry) return [];
    if (this.expiry.size > 2 * docs.size + 1024) {
      this.expiry.clear();
      for (const [key, doc] of docs) {
        const dateMs = this.dateOf(doc);
        if (dateMs !== undefined) this.expiry.push(dateMs, key);
      }
    }
    const expired = new Map<string, Document>();
    for (const key of this.expiry.takeUntil(cutoffMs, max)) {
      const doc = docs.get(key);
      const dateMs = doc ? this.dateOf(doc) : undefined;
      if (doc && dateMs !== undefined && dateMs <= cutoffMs) expired.set(key, doc);
    }
    return [...expired.values()];
  }

  /** The date a document has in this index now (none when the index leaves it out). */
  private dateOf(doc: Document): number | undefined {
    if (this.partialFilter && !this.partialFilter(doc)) return undefined;
    return earliestDate(valuesAtPath(doc, this.leadingField));
  }

  /** Keys of documents whose leading field equals one of `values`. */
  lookupLeading(values: unknown[]): Set<string> {
    const result = new Set<string>();
    for (const value of values) {
      const set = this.byLeadingValue.get(valueKey(value));
      if (set) for (const key of set) result.add(key);
    }
    return result;
  }

  /**
   * Keys of the documents whose whole key is one of the combinations of `valuesPerField`, through
   * the unique map; undefined when the index cannot say (not unique, or partial so that a matching
   * document may be outside it). A sparse index can: the values are never null.
   */
  lookupWholeKey(valuesPerField: unknown[][]): Set<string> | undefined {
    if (!this.spec.unique || this.partialFilter || valuesPerField.length !== this.fields.length) return undefined;
    let full: string[] = [""];
    for (const values of valuesPerField) {
      full = full.flatMap((prefix) => values.map((value) => `${prefix}|${valueKey(value)}`));
      if (full.length > MAX_KEYS_PER_DOCUMENT) return undefined;
    }
    const result = new Set<string>();
    for (const key of full) {
      const owner = this.ownerOfKey.get(key);
      if (owner !== undefined) result.add(owner);
    }
    return result;
  }

  private duplicateKeyError(doc: Document, ns: string): MongoCommandError {
    const keyValue: Document = {};
    for (const field of this.fields) {
      const values = valuesAtPath(doc, field);
      keyValue[field] = values.length === 1 ? (values[0] ?? null) : values;
    }
    return duplicateKeyError(ns, this.spec.name, this.spec.key, keyValue);
  }
}

export function duplicateKeyError(ns: string, indexName: string, keyPattern: Document, keyValue: Document) {
  const shown = Object.entries(keyValue)
    .map(([field, value]) => `${field}: ${describeValue(value)}`)
    .join(", ");
  return new MongoCommandError(
    "DuplicateKey",
    `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: { ${shown} }`,
    { keyPattern, keyValue },
  );
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType === "ObjectId") return `ObjectId('${String(value)}')`;
  if (isPlainObject(value) || Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

/** A document holding only `value` at the dotted `path`. */
function documentWith(path: string, value: unknown): Document {
  const parts = path.split(".");
  let doc: unknown = value;
  for (const part of parts.reverse()) doc = { [part]: doc };
  return doc as Document;
}

/** Checks a createIndexes entry the way mongod does before building it. */
export function validateIndexSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw)) throw new MongoCommandError("TypeMismatch", "index specification must be an object");
  const { key, name } = raw;
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw new MongoCommandError("CannotCreateIndex", "index key pattern must be a non-empty object");
  }
  for (const [field, direction] of Object.entries(key)) {
    const ok =
      (typeof direction === "number" && direction !== 0) ||
      ["text", "2d", "2dsphere", "hashed"].includes(String(direction));
    if (!ok || field === "") {
      throw new MongoCommandError("CannotCreateIndex", `Values in the index key pattern can't be ${String(direction)}`);
    }
  }
  if (name !== undefined && (typeof name !== "string" || name === "")) {
    throw new MongoCommandError("CannotCreateIndex", "index name must be a non-empty string");
  }
  if (raw.expireAfterSeconds !== undefined) {
    validateExpireAfterSeconds(raw.expireAfterSeconds);
    if (Object.keys(key).length === 1 && "_id" in key) {
      throw new MongoCommandError("CannotCreateIndex", "The field '_id' cannot be used for a TTL index");
    }
  }
  return { ...raw, v: 2, key, name: typeof name === "string" ? name : defaultIndexName(key) } as IndexSpec;
}

/** MongoDB expires a document by the earliest date in a TTL index's field (an array may hold several). */
function earliestDate(values: unknown[]): number | undefined {
  let earliest: number | undefined;
  for (const value of values) {
    const ms = value instanceof Date ? value.getTime() : Number.NaN;
    if (!Number.isNaN(ms) && (earliest === undefined || ms < earliest)) earliest = ms;
  }
  return earliest;
}

/** The most seconds mongod takes for a TTL index (a 32-bit int). */
const MAX_EXPIRE_AFTER_SECONDS = 2_147_483_647;

/**
 * A TTL index's expireAfterSeconds as a number, whichever numeric BSON type carried it (a driver or
 * shell may send an int64 or a double); undefined when it is not a number.
 */
export function ttlSecondsOf(value: unknown): number | undefined {
  const seconds = isNumeric(value) ? toDouble(value) : Number.NaN;
  return Number.isNaN(seconds) ? undefined : seconds;
}

/**
 * Refuses an expireAfterSeconds mongod refuses: not a number, negative, or over 2^31 − 1 (with
 * CannotCreateIndex at createIndexes, InvalidOptions at collMod).
 */
export function validateExpireAfterSeconds(
  value: unknown,
  code: "CannotCreateIndex" | "InvalidOptions" = "CannotCreateIndex",
): number {
  const seconds = ttlSecondsOf(value);
  if (seconds === undefined) {
    throw new MongoCommandError(code, "TTL index 'expireAfterSeconds' option must be numeric");
  }
  if (seconds < 0 || seconds > MAX_EXPIRE_AFTER_SECONDS) {
    throw new MongoCommandError(
      code,
      `TTL index 'expireAfterSeconds' option must be within an acceptable range [0, ${MAX_EXPIRE_AFTER_SECONDS}]`,
    );
  }
  return seconds;
}

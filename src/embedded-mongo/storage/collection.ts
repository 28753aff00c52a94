import type { Document } from "bson";
import { valueKey } from "../bson/compare.js";
import { MongoCommandError } from "../errors.js";
import { isIndexableScalar, isPlainObject } from "../values.js";
import { duplicateKeyError, Index, type IndexSpec } from "./indexes.js";

export const ID_INDEX_NAME = "_id_";
const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: ID_INDEX_NAME };

/**
 * One collection's documents in natural (insertion) order, keyed by their _id, with its secondary
 * indexes. Stored documents are never changed in place: an update stores a new object, so cursors
 * and snapshots holding the old one stay consistent.
 */
export class Collection {
  readonly docs = new Map<string, Document>();
  readonly indexes = new Map<string, Index>();
  private readonly insertionOrder = new Map<string, number>();
  private nextInsertion = 0;

  constructor(
    readonly dbName: string,
    readonly name: string,
    public options: Document,
  ) {}

  get ns(): string {
    return `${this.dbName}.${this.name}`;
  }

  get size(): number {
    return this.docs.size;
  }

  findById(id: unknown): Document | undefined {
    return this.docs.get(valueKey(id));
  }

  insert(doc: Document): void {
    const key = valueKey(doc._id);
    if (this.docs.has(key)) throw duplicateKeyError(this.ns, ID_INDEX_NAME, { _id: 1 }, { _id: doc._id });
    const entries = [...this.indexes.values()].map((index) => [index, index.keysFor(doc)] as const);
    for (const [index, keys] of entries) index.assertUnique(doc, keys, key, this.ns);
    for (const [index, keys] of entries) index.add(keys, key);
    this.docs.set(key, doc);
    this.insertionOrder.set(key, this.nextInsertion++);
  }

  /** Stores `next` in place of `previous`; both have the same _id. */
  replace(previous: Document, next: Document): void {
    const key = valueKey(previous._id);
    const entries = [...this.indexes.values()].map((index) => [index, index.keysFor(next)] as const);
    for (const [index, keys] of entries) index.assertUnique(next, keys, key, this.ns);
    for (const [index, keys] of entries) {
      index.remove(previous, key);
      index.add(keys, key);
    }
    this.docs.set(key, next);
  }

  remove(doc: Document): void {
    const key = valueKey(doc._id);
    if (!this.docs.delete(key)) return;
    this.insertionOrder.delete(key);
    for (const index of this.indexes.values()) index.remove(doc, key);
  }

  /**
   * How a filter's candidates are found: through the _id map, a unique index whose every field the
   * filter pins, the index whose leading field the filter pins to the fewest documents (`keys`), or
   * by scanning every document (`keys` null).
   */
  plan(filter: Document): { indexName: string | null; keys: Set<string> | null } {
    const ids = equalityValues(filter._id);
    if (ids) return { indexName: ID_INDEX_NAME, keys: new Set(ids.map(valueKey)) };
    let best: { indexName: string; keys: Set<string> } | null = null;
    for (const index of this.indexes.values()) {
      const pinned = index.fields.map((field) => equalityValues(filter[field]));
      const whole = pinned.every(Boolean) ? index.lookupWholeKey(pinned as unknown[][]) : undefined;
      if (whole) return { indexName: index.spec.name, keys: whole };
      const values = equalityValues(filter[index.leadingField]);
      if (!values || !index.holdsAllWithLeadingValues(values)) continue;
      const keys = index.lookupLeading(values);
      if (!best || keys.size < best.keys.size) best = { indexName: index.spec.name, keys };
    }
    return best ?? { indexName: null, keys: null };
  }

  /**
   * The documents a filter can match, in natural order; the caller still applies the filter.
   * Indexes compare strings binary, so a query under a collation reads every document.
   */
  candidates(filter: Document, collated = false): Iterable<Document> {
    if (collated) return this.docs.values();
    const { keys } = this.plan(filter);
    return keys ? this.inNaturalOrder(keys) : this.docs.values();
  }

  private inNaturalOrder(keys: Set<string>): Document[] {
    const found: [number, Document][] = [];
    for (const key of keys) {
      const doc = this.docs.get(key);
      if (doc) found.push([this.insertionOrder.get(key) ?? 0, doc]);
    }
    return found.sort((a, b) => a[0] - b[0]).map(([, doc]) => doc);
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...[...this.indexes.values()].map((index) => index.spec)];
  }

  hasIndex(name: string): boolean {
    return name === ID_INDEX_NAME || this.indexes.has(name);
  }

  /** Builds the index over the existing documents; a unique index that they violate is not created. */
  createIndex(spec: IndexSpec): "created" | "exists" {
    const sameName = this.indexSpecs().find((existing) => existing.name === spec.name);
    const sameKey = this.indexSpecs().find((existing) => valueKey(existing.key) === valueKey(spec.key));
    if (sameName) {
      if (valueKey(sameName.key) !== valueKey(spec.key)) {
        throw new MongoCommandError(
          "IndexKeySpecsConflict",
          `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`,
        );
      }
      if (!sameOptions(sameName, spec)) {
        throw new MongoCommandError(
          "IndexOptionsConflict",
          `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`,
        );
      }
      return "exists";
    }
    if (sameKey && sameOptions(sameKey, spec)) {
      throw new MongoCommandError(
        "IndexOptionsConflict",
        `Index already exists with a different name: ${sameKey.name}`,
      );
    }
    const index = new Index(spec);
    for (const [key, doc] of this.docs) {
      const keys = index.keysFor(doc);
      index.assertUnique(doc, keys, key, this.ns);
      index.add(keys, key);
    }
    this.indexes.set(spec.name, index);
    return "created";
  }

  dropIndex(name: string): void {
    if (name === ID_INDEX_NAME) throw new MongoCommandError("InvalidOptions", "cannot drop _id index");
    if (!this.indexes.delete(name)) {
      throw new MongoCommandError("IndexNotFound", `index not found with name [${name}]`);
    }
  }
}

const OPTIONS_THAT_DISTINGUISH_INDEXES = [
  "unique",
  "sparse",
  "partialFilterExpression",
  "expireAfterSeconds",
  "collation",
];

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return OPTIONS_THAT_DISTINGUISH_INDEXES.every((option) => valueKey(a[option]) === valueKey(b[option]));
}

/** The values a filter condition pins a field to (`x`, `{$eq: x}`, `{$in: [...]}`), or undefined. */
function equalityValues(condition: unknown): unknown[] | undefined {
  if (isIndexableScalar(condition)) return [condition];
  if (!isPlainObject(condition)) return undefined;
  if ("$eq" in condition && isIndexableScalar(condition.$eq)) return [condition.$eq];
  const inValues = condition.$in;
  if (Array.isArray(inValues) && inValues.every(isIndexableScalar)) return inValues;
  return undefined;
}

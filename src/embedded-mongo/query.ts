import type { Document } from "bson";
import { find, Query } from "mingo";
import type { CollationSpec, Options } from "mingo/types";
import { checkDeadline } from "./deadline.js";
import { asCommandError, MongoCommandError } from "./errors.js";
import { compileSimpleFilter } from "./simple-filter.js";
import { cloneDocument, isPlainObject } from "./values.js";
import type { DocumentSource } from "./views.js";

export interface QueryOptions {
  collation?: Document;
  variables?: Document;
}

export interface FindOptions extends QueryOptions {
  sort?: Document;
  skip?: number;
  limit?: number;
  projection?: Document;
  hint?: unknown;
}

export function mingoOptions(options: QueryOptions): Partial<Options> {
  const locale = typeof options.collation?.locale === "string" ? options.collation.locale : "simple";
  return {
    // MongoDB spells locales en_US, Intl en-US; "simple" is MongoDB's plain binary comparison.
    ...(options.collation && locale !== "simple"
      ? { collation: { ...options.collation, locale: locale.replace("_", "-") } as unknown as CollationSpec }
      : {}),
    ...(options.variables ? { variables: options.variables } : {}),
  };
}

/** Something that tells whether a document matches a filter. */
export interface Matcher {
  test(doc: Document): boolean;
}

/**
 * Common filter shapes are matched directly (see simple-filter.ts); the rest, and documents the
 * simple matcher cannot judge, by mingo, whose query is compiled only when first needed.
 */
export function compileFilter(filter: Document, options: QueryOptions = {}): Matcher {
  if (!isPlainObject(filter)) throw new MongoCommandError("TypeMismatch", "filter must be an object");
  const simple = options.collation || options.variables ? null : compileSimpleFilter(filter);
  let mingo: Query | undefined;
  const full = (): Query => {
    try {
      mingo ??= new Query(applyCollation(filter, options.collation), mingoOptions(options));
      return mingo;
    } catch (error) {
      throw new MongoCommandError("BadValue", error instanceof Error ? error.message : String(error));
    }
  };
  if (!simple) {
    const query = full();
    return { test: (doc) => query.test(doc) };
  }
  return { test: (doc) => simple(doc) ?? full().test(doc) };
}

/** The documents of `coll` (none when it does not exist) that match, sorted, skipped, limited, projected. */
export function findDocuments(
  coll: DocumentSource | undefined,
  filter: Document,
  options: FindOptions = {},
): Document[] {
  if (coll) assertHintExists(coll, options.hint);
  if (!coll) return [];
  assertNoTextSearch(coll, filter);
  const query = compileFilter(filter, options);
  const matching: Document[] = [];
  const sort = options.sort && Object.keys(options.sort).filter((k) => k !== "$natural").length > 0;
  const stopAfter = !sort && options.limit ? (options.skip ?? 0) + options.limit : Number.POSITIVE_INFINITY;
  let examined = 0;
  for (const doc of coll.candidates(filter)) {
    if ((++examined & 1023) === 0) checkDeadline();
    if (query.test(doc)) matching.push(doc);
    if (matching.length >= stopAfter) break;
  }
  const projection = options.projection && Object.keys(options.projection).length > 0 ? options.projection : undefined;
  // Most finds want whole documents, or a few top-level fields, in natural order: a mingo cursor
  // costs more than the look-up itself.
  const project = projection ? topLevelProjection(projection) : (doc: Document) => doc;
  if (!sort && project) return matching.slice(options.skip ?? 0, stopAfter).map(project);
  try {
    // mingo's projections write into the documents they are given: give it copies.
    let cursor = find(projection ? matching.map(cloneDocument) : matching, {}, projection, mingoOptions(options));
    if (sort) cursor = cursor.sort(withoutNatural(options.sort as Document) as Record<string, 1 | -1>);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return cursor.all() as Document[];
  } catch (error) {
    throw new MongoCommandError("BadValue", error instanceof Error ? error.message : String(error));
  }
}

/** `projection` applied to copies of `docs`, which are left as they are. */
export function projectDocuments(docs: Document[], projection: Document, options: QueryOptions = {}): Document[] {
  try {
    return find(docs.map(cloneDocument), {}, projection, mingoOptions(options)).all() as Document[];
  } catch (error) {
    throw asCommandError(error);
  }
}

/**
 * A projection that only includes, or only excludes, top-level fields (as `{name: 1}` or
 * `{secret: 0}`), as a function; undefined for anything else, which mingo handles.
 */
function topLevelProjection(projection: Document): ((doc: Document) => Document) | undefined {
  const entries = Object.entries(projection);
  const simple = entries.every(
    ([field, value]) =>
      !field.includes(".") && !field.startsWith("$") && (typeof value === "number" || typeof value === "boolean"),
  );
  if (!simple) return undefined;
  const included = new Set(entries.filter(([field, value]) => field !== "_id" && Boolean(value)).map(([f]) => f));
  const excluded = new Set(entries.filter(([field, value]) => field !== "_id" && !value).map(([f]) => f));
  if (included.size > 0 && excluded.size > 0) return undefined;
  const keepId = projection._id === undefined || Boolean(projection._id);
  // `{_id: 1}` alone includes only the id; `{_id: 0}` alone excludes only it.
  const inclusion = included.size > 0 || (excluded.size === 0 && keepId);
  const keeps = (field: string) => (field === "_id" ? keepId : inclusion ? included.has(field) : !excluded.has(field));
  return (doc) => {
    const projected: Document = {};
    for (const field of Object.keys(doc)) if (keeps(field)) projected[field] = doc[field];
    return projected;
  };
}

/** Documents of `coll` matching `filter`, in natural order (no projection), for writes. */
export function matchingDocuments(coll: DocumentSource, filter: Document, options: QueryOptions = {}): Document[] {
  assertNoTextSearch(coll, filter);
  const query = compileFilter(filter, options);
  const matching: Document[] = [];
  let examined = 0;
  for (const doc of coll.candidates(filter)) {
    if ((++examined & 1023) === 0) checkDeadline();
    if (query.test(doc)) matching.push(doc);
  }
  return matching;
}

/**
 * Text search is not implemented: a $text query is refused as mongod refuses one without a text
 * index (27), or, when the collection has one, with NotImplemented, rather than answered wrongly.
 */
export function assertNoTextSearch(coll: DocumentSource, filter: Document): void {
  if (!usesTextSearch(filter)) return;
  if (coll.indexSpecs().some((spec) => Object.values(spec.key).includes("text"))) {
    throw new MongoCommandError("NotImplemented", "$text is not implemented by the embedded MongoDB-compatible server");
  }
  throw new MongoCommandError("IndexNotFound", "text index required for $text query");
}

function usesTextSearch(filter: Document): boolean {
  return Object.entries(filter).some(
    ([key, value]) =>
      key === "$text" ||
      ((key === "$and" || key === "$or" || key === "$nor") &&
        Array.isArray(value) &&
        value.some((part) => isPlainObject(part) && usesTextSearch(part))),
  );
}

export function assertHintExists(coll: DocumentSource, hint: unknown): void {
  if (hint === undefined || hint === null) return;
  const specs = coll.indexSpecs();
  const found =
    typeof hint === "string"
      ? specs.some((spec) => spec.name === hint)
      : isPlainObject(hint) &&
        (Object.keys(hint).length === 0 ||
          "$natural" in hint ||
          specs.some((spec) => JSON.stringify(spec.key) === JSON.stringify(hint)));
  if (!found) throw new MongoCommandError("BadValue", "hint provided does not correspond to an existing index");
}

function withoutNatural(sort: Document): Document {
  const { $natural: _ignored, ...rest } = sort;
  return rest;
}

/** Whether strings that differ only in case (and accents, for strength 1) are equal under `collation`. */
export function ignoresCase(collation: Document | undefined): boolean {
  return collation?.strength === 1 || collation?.strength === 2;
}

/**
 * Case-insensitive string equality for collations of strength 1 or 2, the one collation behaviour
 * that changes which documents a filter matches in everyday use; other collation effects (sort
 * order) are left to mingo's collation option.
 */
function applyCollation(filter: Document, collation: Document | undefined): Document {
  if (!ignoresCase(collation)) return filter;
  const rewritten: Document = {};
  for (const [field, condition] of Object.entries(filter)) {
    if (field === "$and" || field === "$or" || field === "$nor") {
      rewritten[field] = Array.isArray(condition)
        ? condition.map((part) => (isPlainObject(part) ? applyCollation(part, collation) : part))
        : condition;
    } else if (typeof condition === "string") {
      rewritten[field] = caseInsensitive(condition);
    } else if (isPlainObject(condition) && typeof condition.$eq === "string") {
      const { $eq, ...rest } = condition;
      rewritten[field] = { ...rest, $regex: caseInsensitive($eq as string) };
    } else {
      rewritten[field] = condition;
    }
  }
  return rewritten;
}

function caseInsensitive(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "i");
}

/** The fields a filter fixes by equality, which seed the document an upsert inserts. */
export function equalityFields(filter: Document): Document {
  const fields: Document = {};
  for (const [field, condition] of Object.entries(filter)) {
    if (field === "$and" && Array.isArray(condition)) {
      for (const part of condition) if (isPlainObject(part)) Object.assign(fields, equalityFields(part));
    } else if (field.startsWith("$")) {
      // other logical operators fix nothing
    } else if (isPlainObject(condition) && Object.keys(condition).some((k) => k.startsWith("$"))) {
      if ("$eq" in condition) fields[field] = condition.$eq;
    } else {
      fields[field] = condition;
    }
  }
  return fields;
}

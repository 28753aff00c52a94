import type { Document } from "bson";
import { evaluateExpression, type PipelineOptions, projectDocuments } from "./aggregation/pipeline.js";
import { checkDeadline } from "./deadline.js";
import { MongoCommandError } from "./errors.js";
import { collatorFor } from "./filter/collation.js";
import { compileFilter, type Predicate } from "./filter/match.js";
import { sortDocuments } from "./filter/sort.js";
import { isPlainObject } from "./values.js";
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

/** The options of a pipeline or expression run on behalf of a query with these options. */
export function pipelineOptions(options: QueryOptions): PipelineOptions {
  const collator = collatorFor(options.collation);
  return { ...(collator ? { collator } : {}), ...(options.variables ? { variables: options.variables } : {}) };
}

/** The test of `filter` under the query's collation, with $expr evaluated in its variables. */
export function matcherFor(filter: Document, options: QueryOptions = {}): Predicate {
  if (!isPlainObject(filter)) throw new MongoCommandError("TypeMismatch", "filter must be an object");
  const pipeline = pipelineOptions(options);
  return compileFilter(filter, {
    ...(pipeline.collator ? { collator: pipeline.collator } : {}),
    evaluate: (expression, doc) => evaluateExpression(expression, doc, pipeline),
  });
}

/** A find's page of stored documents, and how to show them (its projection). */
export interface FoundDocuments {
  docs: Document[];
  present: (docs: Document[]) => Document[];
  matches: Predicate;
  /** Whether the documents were ordered by a sort other than natural order. */
  sorted: boolean;
}

/** The documents of `coll` (none when it does not exist) that match, sorted, skipped and limited. */
export function findMatching(
  coll: DocumentSource | undefined,
  filter: Document,
  options: FindOptions = {},
): FoundDocuments {
  const projection = options.projection && Object.keys(options.projection).length > 0 ? options.projection : undefined;
  // Most finds want whole documents, or a few top-level fields: those skip mingo's projection.
  const project = projection ? topLevelProjection(projection) : undefined;
  const present = !projection
    ? (docs: Document[]) => docs
    : project
      ? (docs: Document[]) => docs.map(project)
      : (docs: Document[]) => projectDocuments(docs, projection, pipelineOptions(options));
  if (coll) {
    assertHintExists(coll, options.hint);
    assertNoTextSearch(coll, filter);
  }
  const matches = matcherFor(filter, options);
  if (!coll) return { docs: [], present, matches, sorted: false };
  const matching: Document[] = [];
  const sort = options.sort && Object.keys(options.sort).length > 0 ? options.sort : undefined;
  const naturalOnly = sort !== undefined && Object.keys(sort).every((key) => key === "$natural");
  const inNaturalOrder = !sort || (naturalOnly && Number(sort.$natural) >= 0);
  const stopAfter = inNaturalOrder && options.limit ? (options.skip ?? 0) + options.limit : Number.POSITIVE_INFINITY;
  let examined = 0;
  for (const doc of coll.candidates(filter, options.collation !== undefined)) {
    if ((++examined & 1023) === 0) checkDeadline();
    if (matches(doc)) matching.push(doc);
    if (matching.length >= stopAfter) break;
  }
  const ordered = sort ? sortDocuments(matching, sort, pipelineOptions(options).collator) : matching;
  const skip = options.skip ?? 0;
  const docs = options.limit ? ordered.slice(skip, skip + options.limit) : skip ? ordered.slice(skip) : ordered;
  return { docs, present, matches, sorted: sort !== undefined && !naturalOnly };
}

/** The documents of `coll` that match, sorted, skipped, limited and projected. */
export function findDocuments(
  coll: DocumentSource | undefined,
  filter: Document,
  options: FindOptions = {},
): Document[] {
  const found = findMatching(coll, filter, options);
  return found.present(found.docs);
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
  const test = matcherFor(filter, options);
  const matching: Document[] = [];
  let examined = 0;
  for (const doc of coll.candidates(filter, options.collation !== undefined)) {
    if ((++examined & 1023) === 0) checkDeadline();
    if (test(doc)) matching.push(doc);
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

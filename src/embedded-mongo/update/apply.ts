import { type Document, Timestamp } from "bson";
import { runPipeline } from "../aggregation/pipeline.js";
import { type Collator, valueKey } from "../bson/compare.js";
import { MongoCommandError } from "../errors.js";
import { compileFilter, type Predicate } from "../filter/match.js";
import { equalityFields, pipelineOptions, type QueryOptions } from "../query.js";
import { cloneDocument, isPlainObject, withIdFirst } from "../values.js";
import { FIELD_OPERATORS, type UpdateContext } from "./operators.js";

const UPDATE_OPERATORS = new Set([
  "$set",
  "$unset",
  "$inc",
  "$mul",
  "$min",
  "$max",
  "$rename",
  "$currentDate",
  "$push",
  "$pull",
  "$pullAll",
  "$pop",
  "$addToSet",
  "$bit",
  "$setOnInsert",
]);
const PIPELINE_UPDATE_STAGES = new Set(["$addFields", "$set", "$project", "$unset", "$replaceRoot", "$replaceWith"]);

export type UpdateSpec = Document | Document[];

export interface UpdateOptions extends QueryOptions {
  arrayFilters?: Document[];
  /** The statement's filter, for the positional `$` operator. */
  filter: Document;
}

/** Whether `spec` replaces the whole document rather than modifying it. */
export function isReplacement(spec: UpdateSpec): spec is Document {
  return !Array.isArray(spec) && Object.keys(spec).every((key) => !key.startsWith("$"));
}

/** Rejects an update document the way mongod does before touching any document. */
export function validateUpdate(spec: unknown): UpdateSpec {
  if (Array.isArray(spec)) {
    for (const stage of spec) {
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
      if (!name || !PIPELINE_UPDATE_STAGES.has(name)) {
        throw new MongoCommandError("InvalidOptions", `${String(name)} is not allowed to be used within an update`);
      }
    }
    return spec as Document[];
  }
  if (!isPlainObject(spec))
    throw new MongoCommandError("FailedToParse", "Update argument must be either an object or an array");
  const keys = Object.keys(spec);
  const operators = keys.filter((key) => key.startsWith("$"));
  if (operators.length > 0 && operators.length < keys.length) {
    throw new MongoCommandError("DollarPrefixedFieldName", "Update document cannot mix update operators and fields");
  }
  const paths: string[] = [];
  for (const operator of operators) {
    if (!UPDATE_OPERATORS.has(operator)) {
      throw new MongoCommandError(
        "FailedToParse",
        `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    const fields = spec[operator];
    if (!isPlainObject(fields)) {
      throw new MongoCommandError(
        "FailedToParse",
        `Modifiers operate on fields but we found type ${typeof fields} instead.`,
      );
    }
    paths.push(...Object.keys(fields));
    if (operator === "$rename") paths.push(...Object.values(fields).map(String));
  }
  assertNoConflictingPaths(paths.filter((path) => !path.includes("$")));
  return spec;
}

function assertNoConflictingPaths(paths: string[]): void {
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1] as string;
    const current = sorted[i] as string;
    if (current === previous || current.startsWith(`${previous}.`)) {
      throw new MongoCommandError(
        "ConflictingUpdateOperators",
        `Updating the path '${current}' would create a conflict at '${previous}'`,
      );
    }
  }
}

/** The document that results from applying `spec` to `doc`; `doc` itself is left untouched. */
export function applyUpdate(doc: Document, spec: UpdateSpec, options: UpdateOptions, inserting = false): Document {
  let next: Document;
  if (Array.isArray(spec)) {
    next = runPipeline(spec, [doc], pipelineOptions(options))[0] as Document;
    if (!("_id" in next) && "_id" in doc) next = { _id: doc._id, ...next };
  } else if (isReplacement(spec)) {
    next = "_id" in doc ? { _id: doc._id, ...withoutId(spec) } : withIdFirst(spec);
    if ("_id" in spec && "_id" in doc && valueKey(spec._id) !== valueKey(doc._id)) throw immutableIdError();
  } else {
    next = cloneDocument(doc);
    const context = updateContext(doc, spec, options);
    for (const [operator, fields] of Object.entries(spec)) {
      if (operator === "$setOnInsert" && !inserting) continue;
      const apply = FIELD_OPERATORS[operator] as (typeof FIELD_OPERATORS)[string];
      // New fields are added in the order of their names, as MongoDB 5.0+ does.
      for (const path of Object.keys(fields as Document).sort()) apply(next, path, (fields as Document)[path], context);
    }
  }
  if ("_id" in doc && valueKey(next._id) !== valueKey(doc._id)) throw immutableIdError();
  return next;
}

let lastTimestamp = { t: 0, i: 0 };

/** Timestamps for $currentDate: seconds, and an increment that orders those of one second. */
function nextTimestamp(now: Date): Timestamp {
  const t = Math.floor(now.getTime() / 1000);
  lastTimestamp = t === lastTimestamp.t ? { t, i: lastTimestamp.i + 1 } : { t, i: 1 };
  return new Timestamp(lastTimestamp);
}

function updateContext(doc: Document, spec: Document, options: UpdateOptions): UpdateContext {
  const collator = pipelineOptions(options).collator;
  const filters = arrayFiltersOf(options.arrayFilters ?? [], collator);
  const used = new Set<string>();
  for (const fields of Object.values(spec)) {
    for (const path of Object.keys(fields as Document)) {
      for (const match of path.matchAll(/\$\[([a-zA-Z][a-zA-Z0-9]*)\]/g)) {
        const identifier = match[1] as string;
        if (!filters.has(identifier)) {
          throw new MongoCommandError(
            "BadValue",
            `No array filter found for identifier '${identifier}' in path '${path}'`,
          );
        }
        used.add(identifier);
      }
    }
  }
  for (const identifier of filters.keys()) {
    if (!used.has(identifier)) {
      throw new MongoCommandError(
        "FailedToParse",
        `The array filter for identifier '${identifier}' was not used in the update`,
      );
    }
  }
  const now = new Date();
  return {
    id: doc._id,
    ...(collator ? { collator } : {}),
    now,
    timestamp: () => nextTimestamp(now),
    arrayFilter: (identifier, element) => (filters.get(identifier) as Predicate)({ [identifier]: element }),
    positional: (arrayPath, array) => {
      const index = positionalIndex(options.filter, arrayPath, array, collator);
      if (index < 0) {
        throw new MongoCommandError(
          "BadValue",
          "The positional operator did not find the match needed from the query.",
        );
      }
      return index;
    },
  };
}

/** The compiled array filters by their identifier ({"x.score": {$gte: 8}} filters elements `x`). */
function arrayFiltersOf(arrayFilters: Document[], collator: Collator): Map<string, Predicate> {
  const byIdentifier = new Map<string, Document>();
  for (const filter of arrayFilters) {
    if (!isPlainObject(filter)) throw new MongoCommandError("TypeMismatch", "arrayFilters must be objects");
    for (const [key, condition] of Object.entries(filter)) {
      const identifier = key.split(".")[0] as string;
      if (!/^[a-z][a-zA-Z0-9]*$/.test(identifier)) {
        throw new MongoCommandError(
          "BadValue",
          `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${identifier}'`,
        );
      }
      byIdentifier.set(identifier, { ...byIdentifier.get(identifier), [key]: condition });
    }
  }
  return new Map(
    [...byIdentifier].map(([identifier, filter]) => [identifier, compileFilter(filter, collator ? { collator } : {})]),
  );
}

/** Where the positional `$` points: the first element of the array the filter's condition on it matched. */
function positionalIndex(filter: Document, arrayPath: string, array: unknown[], collator: Collator): number {
  const conditions = [filter, ...(Array.isArray(filter.$and) ? (filter.$and as Document[]) : [])].flatMap((part) =>
    Object.entries(part).filter(([key]) => key === arrayPath || key.startsWith(`${arrayPath}.`)),
  );
  if (conditions.length === 0) return -1;
  const test = compileFilter(Object.fromEntries(conditions), collator ? { collator } : {});
  return array.findIndex((element) => {
    const probe: Document = {};
    setPath(probe, arrayPath, [element]);
    return test(probe);
  });
}

/** The document an upsert inserts when nothing matched: the filter's equalities, then the update. */
export function upsertDocument(spec: UpdateSpec, options: UpdateOptions): Document {
  if (isReplacement(spec)) {
    const fromFilter = equalityFields(options.filter);
    return withIdFirst("_id" in spec || !("_id" in fromFilter) ? spec : { _id: fromFilter._id, ...spec });
  }
  const seed: Document = {};
  for (const [path, value] of Object.entries(equalityFields(options.filter))) setPath(seed, path, cloneDocument(value));
  const inserted = applyUpdate(seed, spec, options, true);
  return withIdFirst(inserted);
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split(".");
  let target = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(target[part])) target[part] = {};
    target = target[part] as Document;
  }
  target[parts[parts.length - 1] as string] = value;
}

function withoutId(doc: Document): Document {
  const { _id: _ignored, ...rest } = doc;
  return rest;
}

function immutableIdError(): MongoCommandError {
  return new MongoCommandError(
    "ImmutableField",
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );
}

import type { Document } from "bson";
import { update as applyModifier } from "mingo";
import { runPipeline } from "./aggregation.js";
import { MongoCommandError } from "./errors.js";
import { equalityFields, mingoOptions, type QueryOptions } from "./query.js";
import { cloneDocument, isPlainObject, valueKey, withIdFirst } from "./values.js";

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
    next = runPipeline(spec, [doc], options)[0] as Document;
    if (!("_id" in next) && "_id" in doc) next = { _id: doc._id, ...next };
  } else if (isReplacement(spec)) {
    next = "_id" in doc ? { _id: doc._id, ...withoutId(spec) } : withIdFirst(spec);
    if ("_id" in spec && "_id" in doc && valueKey(spec._id) !== valueKey(doc._id)) throw immutableIdError();
  } else {
    const { $setOnInsert, ...modifier } = spec as Document;
    if (inserting && isPlainObject($setOnInsert)) modifier.$set = { ...(modifier.$set as Document), ...$setOnInsert };
    next = cloneDocument(doc);
    if (setTopLevelFields(next, modifier)) return next;
    try {
      // The filter is passed only for the positional `$` operator: mingo re-checks it against the
      // document, which would wrongly fail under a collation or for an upsert's new document.
      const positional = JSON.stringify(Object.values(modifier).map((fields) => Object.keys(fields as Document)));
      const condition = /\.\$(\.|")/.test(positional) ? options.filter : {};
      applyModifier(next, modifier, options.arrayFilters, condition, {
        cloneMode: "deep",
        queryOptions: mingoOptions(options),
      });
    } catch (error) {
      throw new MongoCommandError("BadValue", error instanceof Error ? error.message : String(error));
    }
  }
  if ("_id" in doc && valueKey(next._id) !== valueKey(doc._id)) throw immutableIdError();
  return next;
}

/**
 * Applies a modifier that only $sets top-level fields (the most common update) without mingo, whose
 * updater copies its whole operator table per call. New fields are added in name order, as MongoDB
 * 5.0+ does. False, leaving `doc` untouched, for any other modifier.
 */
function setTopLevelFields(doc: Document, modifier: Document): boolean {
  const operators = Object.keys(modifier);
  const fields = modifier.$set;
  if (operators.length !== 1 || operators[0] !== "$set" || !isPlainObject(fields)) return false;
  const names = Object.keys(fields).sort();
  if (names.length === 0 || names.some((name) => name === "_id" || name === "" || /[.$]/.test(name))) return false;
  for (const name of names) doc[name] = cloneDocument(fields[name]);
  return true;
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

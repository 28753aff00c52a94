import type { Document } from "bson";
import { Aggregator } from "mingo";
import { checkDeadline } from "./deadline.js";
import { asCommandError } from "./errors.js";
import { mingoOptions, type QueryOptions } from "./query.js";
import { cloneDocument } from "./values.js";

/**
 * Stages that never change the documents they are given: they filter, order or count them, or
 * build new documents. mingo's other stages ($project, $addFields, $set, $unwind, $lookup ...) may
 * write into their input objects, which would be the stored documents themselves.
 */
const NON_MUTATING_STAGES = new Set(["$match", "$sort", "$limit", "$skip", "$group", "$count", "$sortByCount"]);

export interface PipelineOptions extends QueryOptions {
  /** The documents of another collection of the same database ($lookup, $unionWith, $graphLookup). */
  collection?: (name: string) => Document[];
}

/**
 * Runs an aggregation pipeline over `input` without ever changing `input`'s documents: they are
 * copied first unless every stage leaves its input alone. Stored documents are read in place, so
 * a read that wrote into them would change the data.
 */
export function runPipeline(stages: Document[], input: Document[], options: PipelineOptions = {}): Document[] {
  const mutates = stages.some((stage) => !NON_MUTATING_STAGES.has(Object.keys(stage)[0] ?? ""));
  const resolver = options.collection;
  let results: Document[];
  try {
    results = new Aggregator(stages, {
      ...mingoOptions(options),
      ...(resolver ? { collectionResolver: (name: string) => resolver(name).map(cloneDocument) } : {}),
    }).run(mutates ? input.map(cloneDocument) : input) as Document[];
  } catch (error) {
    throw asCommandError(error);
  }
  // mingo cannot be interrupted: a pipeline that ran past its limit is answered as timed out.
  checkDeadline();
  return results;
}

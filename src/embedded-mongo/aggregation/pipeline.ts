import type { Document } from "bson";
import { Aggregator } from "mingo/aggregator";
import { Context, evalExpr } from "mingo/core";
import * as accumulators from "mingo/operators/accumulator";
import * as expressions from "mingo/operators/expression";
import * as pipelines from "mingo/operators/pipeline";
import * as projections from "mingo/operators/projection";
import * as queries from "mingo/operators/query";
import * as windows from "mingo/operators/window";
import { Query } from "mingo/query";
import type { Options } from "mingo/types";
import type { Collator } from "../bson/compare.js";
import { checkDeadline } from "../deadline.js";
import { asCommandError, MongoCommandError } from "../errors.js";
import { cloneDocument } from "../values.js";
import { accumulatorOperators, expressionOperators } from "./operators.js";
import { pipelineStages } from "./stages.js";

/** mingo's operators, with those that must respect exact BSON types replaced (see operators.ts, stages.ts). */
const CONTEXT = Context.init({
  accumulator: { ...accumulators, ...accumulatorOperators },
  expression: { ...expressions, ...expressionOperators },
  pipeline: { ...pipelines, ...pipelineStages },
  projection: projections,
  query: queries,
  window: windows,
} as never);

/**
 * Stages that never change the documents they are given: they filter, order or count them, or
 * build new documents. mingo's other stages ($project, $addFields, $set, $unwind, $lookup ...) may
 * write into their input objects, which would be the stored documents themselves.
 */
const NON_MUTATING_STAGES = new Set(["$match", "$sort", "$limit", "$skip", "$group", "$count", "$sortByCount"]);

export interface PipelineOptions {
  collator?: Collator;
  variables?: Document;
  /** The documents of another collection of the same database ($lookup, $unionWith, $graphLookup). */
  collection?: (name: string) => Document[];
}

function mingoOptions(options: PipelineOptions): Options {
  const resolver = options.collection;
  const base = {
    context: CONTEXT,
    idKey: "_id",
    scriptEnabled: false,
    useStrictMode: true,
    ...(options.variables ? { variables: options.variables } : {}),
    ...(resolver ? { collectionResolver: (name: string) => resolver(name).map(cloneDocument) } : {}),
    collator: options.collator,
  };
  return {
    ...base,
    evaluateIn: (expression: unknown, doc: Document) => evalExpr(doc, expression, base as never),
  } as never;
}

/**
 * Runs an aggregation pipeline over `input` without ever changing `input`'s documents: they are
 * copied first unless every stage leaves its input alone. Stored documents are read in place, so
 * a read that wrote into them would change the data.
 */
export function runPipeline(stages: Document[], input: Document[], options: PipelineOptions = {}): Document[] {
  const mutates = stages.some((stage) => !NON_MUTATING_STAGES.has(Object.keys(stage)[0] ?? ""));
  let results: Document[];
  try {
    results = new Aggregator(stages, mingoOptions(options)).run(
      mutates ? input.map(cloneDocument) : input,
    ) as Document[];
  } catch (error) {
    throw fromMingo(error);
  }
  // mingo cannot be interrupted: a pipeline that ran past its limit is answered as timed out.
  checkDeadline();
  return results;
}

/** Evaluates an aggregation expression against a document (for $expr, `let` and the like). */
export function evaluateExpression(expression: unknown, doc: Document, options: PipelineOptions = {}): unknown {
  try {
    return evalExpr(doc, expression, mingoOptions(options));
  } catch (error) {
    throw fromMingo(error);
  }
}

/** `projection` (find's projection language) applied to copies of `docs`, which are left as they are. */
export function projectDocuments(docs: Document[], projection: Document, options: PipelineOptions = {}): Document[] {
  try {
    return new Query({}, mingoOptions(options)).find(docs.map(cloneDocument), projection).all() as Document[];
  } catch (error) {
    throw fromMingo(error);
  }
}

/** mingo's errors as MongoDB's: unknown stages (40324) and expressions (168) by their codes. */
function fromMingo(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const stage = /unregistered pipeline operator (\$\w+)/.exec(message);
  if (stage) return new MongoCommandError("Location40324", `Unrecognized pipeline stage name: '${stage[1]}'`);
  const expression = /accumulator '(\$\w+)' is not registered/.exec(message);
  if (expression) return new MongoCommandError("InvalidPipelineOperator", `Unrecognized expression '${expression[1]}'`);
  return asCommandError(error);
}

import { calculateObjectSize, type Document } from "bson";
import { runPipeline } from "../aggregation/pipeline.js";
import { MAX_DOCUMENT_BYTES } from "../bson/codec.js";
import { EqualityKeys } from "../bson/compare.js";
import { MongoCommandError } from "../errors.js";
import {
  assertHintExists,
  assertNoTextSearch,
  findDocuments,
  findMatching,
  pipelineOptions,
  type QueryOptions,
} from "../query.js";
import { Collection } from "../storage/collection.js";
import { isPlainObject, valuesAtPath } from "../values.js";
import { isView, readSource } from "../views.js";
import {
  type CommandContext,
  type CommandHandler,
  collectionName,
  documentArray,
  optionalDocument,
  optionalNumber,
  queryOptionsOf,
} from "./context.js";
import { writeAggregationOutput } from "./write.js";

function find(context: CommandContext): Document {
  const { command } = context;
  const name = collectionName(context);
  const limit = optionalNumber(command, "limit");
  const skip = optionalNumber(command, "skip");
  const batchSize = optionalNumber(command, "batchSize");
  if ((skip ?? 0) < 0) throw new MongoCommandError("BadValue", "BSON field 'skip' value must be >= 0");
  if ((batchSize ?? 0) < 0) throw new MongoCommandError("BadValue", "BSON field 'batchSize' value must be >= 0");
  const sort = optionalDocument(command, "sort");
  const projection = optionalDocument(command, "projection");
  const source = readSource(context.server.engine, context.db, name);
  const found = findMatching(source, optionalDocument(command, "filter") ?? {}, {
    ...queryOptionsOf(command),
    ...(sort ? { sort } : {}),
    ...(projection ? { projection } : {}),
    ...(skip ? { skip } : {}),
    ...(limit ? { limit: Math.abs(limit) } : {}),
    hint: command.hint,
  });
  const singleBatch = command.singleBatch === true || (limit ?? 0) < 0;
  // Without a sort, later batches come from the collection as it is then: a document deleted
  // meanwhile is not returned, as mongod's collection scan would not reach it.
  const current =
    source instanceof Collection && !found.sorted
      ? (doc: Document) => {
          const now = source.findById(doc._id);
          return now && (now === doc || found.matches(now)) ? now : undefined;
        }
      : undefined;
  return context.server.cursors.open(`${context.db}.${name}`, found.docs, batchSize, singleBatch, {
    present: found.present,
    noTimeout: command.noCursorTimeout === true,
    ...(current ? { current } : {}),
  });
}

function getMore(context: CommandContext): Document {
  const id = Number(context.command.getMore?.valueOf());
  if (!Number.isFinite(id)) throw new MongoCommandError("TypeMismatch", "getMore requires a cursor id");
  return context.server.cursors.more(id, optionalNumber(context.command, "batchSize"));
}

function killCursors(context: CommandContext): Document {
  const ids = Array.isArray(context.command.cursors) ? context.command.cursors : [];
  const cursorsKilled: unknown[] = [];
  const cursorsNotFound: unknown[] = [];
  for (const id of ids) (context.server.cursors.kill(Number(id.valueOf())) ? cursorsKilled : cursorsNotFound).push(id);
  return { cursorsKilled, cursorsNotFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}

function count(context: CommandContext): Document {
  const { command } = context;
  const coll = readSource(context.server.engine, context.db, collectionName(context));
  const query = optionalDocument(command, "query") ?? {};
  const skip = optionalNumber(command, "skip") ?? 0;
  const limit = Math.abs(optionalNumber(command, "limit") ?? 0);
  if (coll) assertHintExists(coll, command.hint);
  if (!coll) return { n: 0, ok: 1 };
  const matched =
    Object.keys(query).length === 0 ? coll.size : findDocuments(coll, query, queryOptionsOf(command)).length;
  const n = Math.max(0, matched - skip);
  return { n: limit > 0 ? Math.min(n, limit) : n, ok: 1 };
}

function distinct(context: CommandContext): Document {
  const { command } = context;
  const key = command.key;
  if (typeof key !== "string" || key === "")
    throw new MongoCommandError("TypeMismatch", "distinct requires a string key");
  const coll = readSource(context.server.engine, context.db, collectionName(context));
  const options = queryOptionsOf(command);
  const docs = findDocuments(coll, optionalDocument(command, "query") ?? {}, options);
  const keys = new EqualityKeys(pipelineOptions(options).collator);
  const seen = new Map<string, unknown>();
  for (const doc of docs) {
    for (const value of valuesAtPath(doc, key)) {
      if (value === undefined || (value === null && !hasPath(doc, key))) continue;
      const k = keys.keyOf(value);
      if (!seen.has(k)) seen.set(k, value);
    }
  }
  const values = [...seen.values()];
  if (calculateObjectSize({ values }) > MAX_DOCUMENT_BYTES) {
    throw new MongoCommandError("Location17217", "distinct too big, 16mb cap");
  }
  return { values, ok: 1 };
}

function hasPath(doc: Document, path: string): boolean {
  let value: unknown = doc;
  for (const part of path.split(".")) {
    if (!isPlainObject(value) || !(part in value)) return false;
    value = value[part];
  }
  return true;
}

/**
 * The input of a database-level `{aggregate: 1}`: `$documents` (which mingo evaluates), or this
 * server's one current operation and session for `$currentOp` / `$listLocalSessions`. The source
 * stage is taken off `stages` when this function supplies its documents.
 */
function databaseLevelSource(context: CommandContext, stages: Document[]): Document[] {
  const first = stages[0] ? Object.keys(stages[0])[0] : undefined;
  if (first === "$documents") return [];
  if (first === "$currentOp") {
    stages.shift();
    return [{ type: "op", active: true, op: "command", ns: `${context.db}.$cmd`, command: context.command }];
  }
  if (first === "$listLocalSessions") {
    stages.shift();
    return context.command.lsid ? [{ _id: context.command.lsid, lastUse: new Date() }] : [];
  }
  throw new MongoCommandError(
    "InvalidNamespace",
    `{aggregate: 1} is not valid for '${first}'; a collection is required.`,
  );
}

/** Stages that write their input to a collection, which mingo does not do for us. */
const OUTPUT_STAGES = new Set(["$out", "$merge"]);

function aggregate(context: CommandContext): Document {
  const { command, server } = context;
  const pipeline = documentArray(command, "pipeline");
  const target = command.aggregate;
  const cursorOptions = optionalDocument(command, "cursor");
  if (!cursorOptions && !command.explain) {
    throw new MongoCommandError(
      "FailedToParse",
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  }
  pipeline.forEach((stage, i) => {
    const stageName = Object.keys(stage)[0] ?? "";
    if (OUTPUT_STAGES.has(stageName) && i !== pipeline.length - 1) {
      throw new MongoCommandError("Location40324", `${stageName} can only be the final stage in the pipeline`);
    }
  });
  const last = pipeline[pipeline.length - 1];
  const output = last && OUTPUT_STAGES.has(Object.keys(last)[0] ?? "") ? last : undefined;
  const stages = output ? pipeline.slice(0, -1) : pipeline;

  const queryOptions: QueryOptions = queryOptionsOf(command);
  let input: Document[];
  let ns: string;
  if (target === 1) {
    ns = `${context.db}.$cmd.aggregate`;
    input = databaseLevelSource(context, stages);
  } else {
    const name = collectionName(context);
    ns = `${context.db}.${name}`;
    const coll = readSource(server.engine, context.db, name);
    if (coll) assertHintExists(coll, command.hint);
    const firstMatch = stages[0]?.$match;
    if (coll && isPlainObject(firstMatch)) assertNoTextSearch(coll, firstMatch);
    input = coll
      ? [...coll.candidates(isPlainObject(firstMatch) ? firstMatch : {}, queryOptions.collation !== undefined)]
      : [];
  }
  let results = runPipeline(stages, input, {
    ...pipelineOptions(queryOptions),
    collection: (name) => [...(readSource(server.engine, context.db, name)?.candidates({}) ?? [])],
  });
  if (output) {
    writeAggregationOutput(context, output, results);
    results = [];
  }
  return server.cursors.open(ns, results, optionalNumber(cursorOptions ?? {}, "batchSize"));
}

/**
 * `explain` of a find: which index narrowed the candidates and how many documents were examined,
 * so tests and operators can see that a query used an index instead of scanning.
 */
function explain(context: CommandContext): Document {
  const inner = optionalDocument(context.command, "explain");
  if (!inner || typeof inner.find !== "string") {
    throw new MongoCommandError("BadValue", "explain is supported for find commands only");
  }
  const coll = context.server.engine.collection(context.db, inner.find);
  const filter = optionalDocument(inner, "filter") ?? {};
  const plan = coll && !isView(coll) ? coll.plan(filter) : { indexName: null, keys: null };
  const examined = plan.keys ? plan.keys.size : (coll?.size ?? 0);
  const returned = findDocuments(coll, filter, queryOptionsOf(inner)).length;
  const winningPlan = plan.indexName
    ? {
        stage: "FETCH",
        inputStage: { stage: plan.indexName === "_id_" ? "IDHACK" : "IXSCAN", indexName: plan.indexName },
      }
    : { stage: "COLLSCAN" };
  return {
    queryPlanner: { namespace: `${context.db}.${inner.find}`, winningPlan },
    executionStats: { executionSuccess: true, nReturned: returned, totalDocsExamined: examined },
    ok: 1,
  };
}

export const readCommands: Record<string, CommandHandler> = {
  explain,
  find,
  getMore,
  killCursors,
  count,
  distinct,
  aggregate,
};

import type { Document } from "bson";
import { evalExpr, OpType } from "mingo/core";
import { type Iterator, Lazy } from "mingo/lazy";
import type { Options } from "mingo/types";
import { compareValues, EqualityKeys } from "../bson/compare.js";
import { canonicalRank } from "../bson/types.js";
import { MongoCommandError } from "../errors.js";
import { compileFilter } from "../filter/match.js";
import { sortDocuments } from "../filter/sort.js";
import { isPlainObject } from "../values.js";
import { collatorOf, topLevelField } from "./operators.js";

/**
 * Pipeline stages whose mingo versions compare with JS semantics, done again with the matcher and
 * the BSON comparison order: $match, $sort, $group (groups by BSON equality, so 1, 1.0 and
 * Long(1) are one group), $bucket (lower bound inclusive) and $sortByCount.
 */
type Stage = (input: Iterator, spec: unknown, options: Options) => Iterator;

const $match: Stage = (input, spec, options) => {
  if (!isPlainObject(spec))
    throw new MongoCommandError("Location15959", "the match filter must be an expression in an object");
  const collator = collatorOf(options);
  const test = compileFilter(spec, {
    ...(collator ? { collator } : {}),
    evaluate: (expression, doc) => evalExpr(doc, expression, options),
  });
  return input.filter((doc) => test(doc as Document));
};

const $sort: Stage = (input, spec, options) => {
  if (!isPlainObject(spec) || Object.keys(spec).length === 0) {
    throw new MongoCommandError("Location15976", "$sort stage must have at least one sort key");
  }
  return input.transform((docs) => Lazy(sortDocuments(docs as Document[], spec, collatorOf(options))));
};

function accumulate(docs: Document[], fields: [string, unknown][], options: Options): Document {
  const out: Document = {};
  for (const [name, spec] of fields) {
    if (!isPlainObject(spec) || Object.keys(spec).length !== 1) {
      throw new MongoCommandError("Location40234", `The field '${name}' must be an accumulator object`);
    }
    const [operator, expr] = Object.entries(spec)[0] as [string, unknown];
    const accumulator = options.context.getOperator(OpType.ACCUMULATOR, operator) as
      | ((docs: Document[], expr: unknown, options: Options) => unknown)
      | null;
    if (!accumulator) throw new MongoCommandError("Location15952", `unknown group operator '${operator}'`);
    out[name] = accumulator(docs, expr, options);
  }
  return out;
}

const $group: Stage = (input, spec, options) => {
  if (!isPlainObject(spec) || !("_id" in spec)) {
    throw new MongoCommandError("Location15955", "a group specification must include an _id");
  }
  const { _id: idExpression, ...fields } = spec;
  const outputs = Object.entries(fields);
  const collator = collatorOf(options);
  return input.transform((docs) => {
    const groups = new Map<string, { id: unknown; docs: Document[] }>();
    const keys = new EqualityKeys(collator);
    const field = topLevelField(idExpression);
    for (const doc of docs as Document[]) {
      const id = (field !== undefined ? doc[field] : evalExpr(doc, idExpression, options)) ?? null;
      const key = keys.keyOf(id);
      const group = groups.get(key);
      if (group) group.docs.push(doc);
      else groups.set(key, { id, docs: [doc] });
    }
    return Lazy(
      [...groups.values()].map(({ id, docs: members }) => ({ _id: id, ...accumulate(members, outputs, options) })),
    );
  });
};

const $bucket: Stage = (input, spec, options) => {
  if (!isPlainObject(spec) || !Array.isArray(spec.boundaries)) {
    throw new MongoCommandError("Location40198", "$bucket requires 'groupBy' and 'boundaries' to be specified");
  }
  const boundaries = spec.boundaries as unknown[];
  if (boundaries.length < 2) {
    throw new MongoCommandError("Location40192", "The $bucket 'boundaries' field must have at least 2 values");
  }
  for (let i = 1; i < boundaries.length; i++) {
    if (canonicalRank(boundaries[i]) !== canonicalRank(boundaries[0])) {
      throw new MongoCommandError(
        "Location40193",
        "All values in the 'boundaries' option to $bucket must have the same type",
      );
    }
    if (compareValues(boundaries[i - 1], boundaries[i]) >= 0) {
      throw new MongoCommandError(
        "Location40194",
        "The 'boundaries' option to $bucket must be sorted in ascending order",
      );
    }
  }
  const hasDefault = "default" in spec;
  const outputs = Object.entries(isPlainObject(spec.output) ? spec.output : { count: { $sum: 1 } });
  return input.transform((docs) => {
    const buckets: Document[][] = boundaries.slice(1).map(() => []);
    const others: Document[] = [];
    for (const doc of docs as Document[]) {
      const value = evalExpr(doc, spec.groupBy, options);
      // Each bucket holds [its lower bound, the next bound): a boundary value opens its bucket.
      let index = -1;
      if (canonicalRank(value) === canonicalRank(boundaries[0])) {
        for (let i = 0; i < boundaries.length - 1; i++) {
          if (compareValues(value, boundaries[i]) >= 0 && compareValues(value, boundaries[i + 1]) < 0) index = i;
        }
      }
      if (index >= 0) (buckets[index] as Document[]).push(doc);
      else if (hasDefault) others.push(doc);
      else {
        throw new MongoCommandError(
          "Location40066",
          "$switch could not find a matching branch for an input, and no default was specified.",
        );
      }
    }
    const results = buckets.flatMap((members, i) =>
      members.length === 0 ? [] : [{ _id: boundaries[i], ...accumulate(members, outputs, options) }],
    );
    if (others.length > 0) results.push({ _id: spec.default, ...accumulate(others, outputs, options) });
    return Lazy(results);
  });
};

const $sortByCount: Stage = (input, spec, options) =>
  $sort($group(input, { _id: spec, count: { $sum: 1 } }, options), { count: -1 }, options);

export const pipelineStages: Record<string, Stage> = { $match, $sort, $group, $bucket, $sortByCount };

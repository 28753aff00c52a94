import type { Document } from "bson";
import { runPipeline } from "./aggregation/pipeline.js";
import { MongoCommandError } from "./errors.js";
import type { Collection } from "./storage/collection.js";
import type { StorageEngine } from "./storage/engine.js";
import type { IndexSpec } from "./storage/indexes.js";

/** What reads need of a namespace: its candidate documents, its indexes (for hints), its size. */
export interface DocumentSource {
  candidates(filter: Document, collated?: boolean): Iterable<Document>;
  indexSpecs(): IndexSpec[];
  readonly size: number;
}

/** A view's documents: its pipeline run over the namespace it is defined on. */
class ViewDocuments implements DocumentSource {
  constructor(private readonly docs: Document[]) {}
  candidates(): Iterable<Document> {
    return this.docs;
  }
  indexSpecs(): IndexSpec[] {
    return [];
  }
  get size(): number {
    return this.docs.length;
  }
}

const MAX_VIEW_DEPTH = 20;

export function isView(coll: Collection): boolean {
  return typeof coll.options.viewOn === "string";
}

/** The documents a read of `db.name` sees: the collection itself, or a view resolved through its pipeline. */
export function readSource(engine: StorageEngine, db: string, name: string, depth = 0): DocumentSource | undefined {
  const coll = engine.collection(db, name);
  if (!coll || !isView(coll)) return coll;
  if (depth > MAX_VIEW_DEPTH) throw new MongoCommandError("BadValue", `view depth exceeds ${MAX_VIEW_DEPTH}`);
  const base = readSource(engine, db, coll.options.viewOn as string, depth + 1);
  const pipeline = Array.isArray(coll.options.pipeline) ? (coll.options.pipeline as Document[]) : [];
  const docs = runPipeline(pipeline, [...(base?.candidates({}) ?? [])], {
    collection: (other) => [...(readSource(engine, db, other, depth + 1)?.candidates({}) ?? [])],
  });
  return new ViewDocuments(docs);
}

/** The collection a write may change; views are read-only. */
export function assertNotView(coll: Collection | undefined): void {
  if (coll && isView(coll)) {
    throw new MongoCommandError("CommandNotSupportedOnView", `Namespace ${coll.ns} is a view, not a collection`);
  }
}

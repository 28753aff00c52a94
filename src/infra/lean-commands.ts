import { type Document, WriteConcern } from "mongodb";
import type mongoose from "mongoose";
import { DUPLICATE_KEY } from "./mongo-errors.js";

/**
 * The scan path's reads and writes as single commands through the driver's command path: none of
 * the driver's cursor objects (for finds) or bulk-write builders (for writes), which measure and
 * copy every document before sending it. Everything else uses mongoose.
 */
type Model = { db: mongoose.Connection; collection: mongoose.Collection };

function dbOf(model: Model) {
  const db = model.db.db;
  if (!db) throw new Error("MongoDB is not connected");
  return db;
}

/** Enough for any look-up the hot path makes in one batch (the server still stops at 16 MB). */
const ONE_BATCH = 100_000;

/**
 * A find sent as one `find` command through the driver's command path, with no cursor object: for
 * the scan path's small `$in` look-ups, which every scan makes. The driver's cursor (set-up,
 * batches, close) cost about 80–100 µs of CPU a look-up more on the 2-core development machine
 * (2026-12-01). An answer that does not fit one batch is read again through a cursor.
 */
export async function leanFind<T>(model: Model, filter: Document, projection?: Document): Promise<T[]> {
  const db = dbOf(model);
  const name = model.collection.collectionName;
  const reply = await db.command({ find: name, filter, ...(projection ? { projection } : {}), batchSize: ONE_BATCH });
  const { id, firstBatch } = reply.cursor as { id: number | { isZero(): boolean }; firstBatch: T[] };
  if (typeof id === "number" ? id === 0 : id.isZero()) return firstBatch;
  await db.command({ killCursors: name, cursors: [id] }).catch(() => undefined);
  return (await model.collection.find(filter, projection ? { projection } : {}).toArray()) as unknown as T[];
}

interface WriteReply {
  n?: number;
  nModified?: number;
  writeErrors?: { index: number; code: number; errmsg?: string }[];
  writeConcernError?: { code: number; errmsg?: string };
}

/** A write the server refused, as the driver reports one: its code, and the refused statements. */
export class LeanWriteError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly writeErrors: WriteReply["writeErrors"] = [],
  ) {
    super(message);
    this.name = "LeanWriteError";
  }
}

/**
 * Sends one write command (with the connection's write concern, as the driver's own writes do) and
 * throws what the server refused, except the statements refused as duplicates, whose indexes it
 * returns when `duplicatesAllowed`.
 */
async function write(
  model: Model,
  command: Document,
  duplicatesAllowed: boolean,
): Promise<WriteReply & { duplicates: Set<number> }> {
  const db = dbOf(model);
  // As {w, j, wtimeout}: the field names the server takes.
  if (db.writeConcern) WriteConcern.apply(command, db.writeConcern);
  const reply = (await db.command(command)) as WriteReply;
  if (reply.writeConcernError) {
    throw new LeanWriteError(reply.writeConcernError.code, reply.writeConcernError.errmsg ?? "write concern failed");
  }
  const refused = reply.writeErrors ?? [];
  const other = refused.find((error) => !duplicatesAllowed || error.code !== DUPLICATE_KEY);
  if (other) throw new LeanWriteError(other.code, other.errmsg ?? "write refused", refused);
  return { ...reply, duplicates: new Set(refused.map((error) => error.index)) };
}

/**
 * Inserts documents (each with its _id) in one unordered `insert` command; returns the indexes of
 * those a unique index refused as duplicates (the others were written).
 */
export async function leanInsert(model: Model, documents: Document[]): Promise<Set<number>> {
  const name = model.collection.collectionName;
  return (await write(model, { insert: name, documents, ordered: false }, true)).duplicates;
}

/** Applies `updates` ({q, u, multi}) in one unordered `update` command; returns how many documents changed. */
export async function leanUpdate(
  model: Model,
  updates: { q: Document; u: Document; multi?: boolean }[],
): Promise<number> {
  const name = model.collection.collectionName;
  return (await write(model, { update: name, updates, ordered: false }, false)).nModified ?? 0;
}

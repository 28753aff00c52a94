import { calculateObjectSize, type Document, Long } from "bson";
import { MAX_DOCUMENT_BYTES, tooLarge } from "./bson/codec.js";
import { MongoCommandError } from "./errors.js";

const DEFAULT_FIRST_BATCH = 101;
/** A batch stops growing once its documents reach this size, as MongoDB's does at 16 MiB. */
const MAX_BATCH_BYTES = MAX_DOCUMENT_BYTES;

interface OpenCursor {
  ns: string;
  remaining: Document[];
  position: number;
  lastUsed: number;
}

export interface CursorReply {
  cursor: { id: Long; ns: string; firstBatch?: Document[]; nextBatch?: Document[] };
  ok: 1;
}

/** Results not yet returned to a client, handed out batch by batch through getMore. */
export class CursorRegistry {
  private readonly cursors = new Map<number, OpenCursor>();
  private nextId = Math.floor(Math.random() * 2 ** 40) + 1;

  /** The reply to find/aggregate/listX: the first batch, and a cursor id if more remain. */
  open(ns: string, results: Document[], batchSize?: number, singleBatch = false): CursorReply {
    const cursor: OpenCursor = { ns, remaining: results, position: 0, lastUsed: Date.now() };
    const firstBatch = takeBatch(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    let id = 0;
    if (!singleBatch && cursor.position < results.length) {
      id = this.nextId++;
      this.cursors.set(id, cursor);
    }
    return { cursor: { firstBatch, id: Long.fromNumber(id), ns }, ok: 1 };
  }

  more(id: number, batchSize?: number): CursorReply {
    const cursor = this.cursors.get(id);
    if (!cursor) throw new MongoCommandError("CursorNotFound", `cursor id ${id} not found`);
    cursor.lastUsed = Date.now();
    const nextBatch = takeBatch(cursor, batchSize && batchSize > 0 ? batchSize : Number.POSITIVE_INFINITY);
    const exhausted = cursor.position >= cursor.remaining.length;
    if (exhausted) this.cursors.delete(id);
    return { cursor: { nextBatch, id: Long.fromNumber(exhausted ? 0 : id), ns: cursor.ns }, ok: 1 };
  }

  kill(id: number): boolean {
    return this.cursors.delete(id);
  }

  /** Closes cursors left idle longer than `idleMs` (MongoDB's default is ten minutes). */
  closeIdle(idleMs: number, now = Date.now()): void {
    for (const [id, cursor] of this.cursors) if (now - cursor.lastUsed > idleMs) this.cursors.delete(id);
  }
}

function takeBatch(cursor: OpenCursor, size: number): Document[] {
  const batch: Document[] = [];
  let bytes = 0;
  while (batch.length < size && cursor.position < cursor.remaining.length) {
    const doc = cursor.remaining[cursor.position] as Document;
    const size = calculateObjectSize(doc);
    if (size > MAX_DOCUMENT_BYTES) throw tooLarge(size);
    bytes += size;
    if (batch.length > 0 && bytes > MAX_BATCH_BYTES) break;
    batch.push(doc);
    cursor.position++;
  }
  return batch;
}

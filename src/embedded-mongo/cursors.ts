import { calculateObjectSize, type Document, Long } from "bson";
import { MAX_DOCUMENT_BYTES, tooLarge } from "./bson/codec.js";
import { MongoCommandError } from "./errors.js";

const DEFAULT_FIRST_BATCH = 101;
/** A batch stops growing once its documents reach this size, as MongoDB's does at 16 MiB. */
const MAX_BATCH_BYTES = MAX_DOCUMENT_BYTES;

interface OpenCursor extends CursorSource {
  ns: string;
  remaining: Document[];
  position: number;
  lastUsed: number;
}

/** How a cursor over stored documents shows them, and sees them as they are when a later batch is asked for. */
export interface CursorSource {
  /** The documents as the client sees them (a projection), batch by batch. */
  present?: (docs: Document[]) => Document[];
  /**
   * The document as it is now, or undefined if it was deleted or no longer matches: a getMore
   * returns what a scan reaching it then would, as mongod's does.
   */
  current?: (doc: Document) => Document | undefined;
  /** find's noCursorTimeout: the cursor is not closed however long it stays idle. */
  noTimeout?: boolean;
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
  open(
    ns: string,
    results: Document[],
    batchSize?: number,
    singleBatch = false,
    source: CursorSource = {},
  ): CursorReply {
    const cursor: OpenCursor = { ns, remaining: results, position: 0, lastUsed: Date.now(), ...source };
    const firstBatch = takeBatch(cursor, batchSize ?? DEFAULT_FIRST_BATCH, false);
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
    const nextBatch = takeBatch(cursor, batchSize && batchSize > 0 ? batchSize : Number.POSITIVE_INFINITY, true);
    const exhausted = cursor.position >= cursor.remaining.length;
    if (exhausted) this.cursors.delete(id);
    return { cursor: { nextBatch, id: Long.fromNumber(exhausted ? 0 : id), ns: cursor.ns }, ok: 1 };
  }

  kill(id: number): boolean {
    return this.cursors.delete(id);
  }

  /** Closes cursors left idle longer than `idleMs` (MongoDB's default is ten minutes). */
  closeIdle(idleMs: number, now = Date.now()): void {
    for (const [id, cursor] of this.cursors) {
      if (!cursor.noTimeout && now - cursor.lastUsed > idleMs) this.cursors.delete(id);
    }
  }
}

function takeBatch(cursor: OpenCursor, size: number, later: boolean): Document[] {
  const raw: Document[] = [];
  const after: number[] = [];
  let position = cursor.position;
  while (raw.length < size && position < cursor.remaining.length) {
    let doc: Document | undefined = cursor.remaining[position++] as Document;
    if (later && cursor.current) doc = cursor.current(doc);
    if (!doc) continue;
    raw.push(doc);
    after.push(position);
  }
  const shown = cursor.present ? cursor.present(raw) : raw;
  let bytes = 0;
  let kept = 0;
  for (const doc of shown) {
    const docBytes = calculateObjectSize(doc);
    if (docBytes > MAX_DOCUMENT_BYTES) throw tooLarge(docBytes);
    if (kept > 0 && bytes + docBytes > MAX_BATCH_BYTES) break;
    bytes += docBytes;
    kept++;
  }
  cursor.position = kept === 0 ? position : (after[kept - 1] as number);
  return kept === shown.length ? shown : shown.slice(0, kept);
}

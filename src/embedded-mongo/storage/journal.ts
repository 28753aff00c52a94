import { constants as fsConstants } from "node:fs";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { crc32 } from "node:zlib";
import type { Document } from "bson";
import { decode, encode } from "../bson/codec.js";

/**
 * The append-only journal. Each record is framed as
 *   uint32 length of the BSON payload | uint32 CRC-32 of the payload | BSON payload
 * so a record torn by a crash (short, or with a bad checksum) is recognised at start-up and cut off.
 *
 * Writes are group-committed: every record appended before a flush starts is written with one
 * writev and made durable with one fdatasync; callers wait on `durable()` before acknowledging.
 */
const HEADER_BYTES = 8;
const SNAPSHOT_CHUNK_BYTES = 4 * 1024 * 1024;
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

export interface JournalReplay {
  records: number;
  /** Bytes cut off the end because the last record was torn or corrupt. */
  truncatedBytes: number;
}

interface Waiter {
  sequence: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class Journal {
  private pending: Buffer[] = [];
  private appended = 0;
  private durableThrough = 0;
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | null = null;
  private recordsInFile = 0;
  private compactionRequested: (() => Iterable<Document>) | null = null;

  private constructor(
    private readonly path: string,
    private file: FileHandle,
  ) {}

  /** Opens (or creates) the journal at `path`, feeding every intact record to `apply` in order. */
  static async open(
    path: string,
    apply: (record: Document) => void,
  ): Promise<{ journal: Journal; replay: JournalReplay }> {
    const file = await open(path, fsConstants.O_RDWR | fsConstants.O_CREAT | fsConstants.O_APPEND, 0o600);
    // A journal written by an older version may have been readable by others.
    await file.chmod(0o600);
    const contents = await file.readFile();
    let offset = 0;
    let records = 0;
    while (offset + HEADER_BYTES <= contents.length) {
      const length = contents.readUInt32LE(offset);
      const checksum = contents.readUInt32LE(offset + 4);
      const end = offset + HEADER_BYTES + length;
      if (length < 5 || length > MAX_RECORD_BYTES || end > contents.length) break;
      const payload = contents.subarray(offset + HEADER_BYTES, end);
      if (crc32(payload) !== checksum) break;
      apply(decode(payload));
      records++;
      offset = end;
    }
    const truncatedBytes = contents.length - offset;
    if (truncatedBytes > 0) {
      await file.truncate(offset);
      await file.datasync();
    }
    const journal = new Journal(path, file);
    journal.recordsInFile = records;
    return { journal, replay: { records, truncatedBytes } };
  }

  get recordCount(): number {
    return this.recordsInFile + this.pending.length;
  }

  append(record: Document): void {
    this.pending.push(frame(record));
    this.appended++;
  }

  /** Resolves once every record appended so far is on disk. */
  durable(): Promise<void> {
    const sequence = this.appended;
    if (sequence <= this.durableThrough) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ sequence, resolve, reject });
      this.startFlushing();
    });
  }

  /**
   * Rewrites the journal as `snapshot()` (records that rebuild the current state) once the
   * writes in flight are done. The snapshot is taken synchronously, so it includes every record
   * appended before it, and replaces them.
   */
  requestCompaction(snapshot: () => Iterable<Document>): Promise<void> {
    this.compactionRequested = snapshot;
    return new Promise((resolve, reject) => {
      this.waiters.push({ sequence: this.appended, resolve, reject });
      this.startFlushing();
    });
  }

  async close(): Promise<void> {
    await this.durable();
    await this.flushing;
    await this.file.close();
  }

  private startFlushing(): void {
    if (this.flushing) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
      if (this.waiters.length > 0) this.startFlushing();
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0 || this.compactionRequested) {
        if (this.compactionRequested) {
          await this.compact(this.compactionRequested);
        } else {
          const batch = this.pending;
          const through = this.appended;
          this.pending = [];
          await this.file.writev(batch);
          await this.file.datasync();
          this.recordsInFile += batch.length;
          this.markDurable(through);
        }
      }
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const waiter of this.waiters.splice(0)) waiter.reject(failure);
    }
  }

  private async compact(snapshot: () => Iterable<Document>): Promise<void> {
    this.compactionRequested = null;
    const records = [...snapshot()];
    const through = this.appended;
    this.pending = [];
    const temporaryPath = `${this.path}.compacting`;
    const temporary = await open(temporaryPath, "w", 0o600);
    try {
      let chunk: Buffer[] = [];
      let chunkBytes = 0;
      for (const record of records) {
        const framed = frame(record);
        chunk.push(framed);
        chunkBytes += framed.length;
        if (chunkBytes >= SNAPSHOT_CHUNK_BYTES) {
          await temporary.writev(chunk);
          chunk = [];
          chunkBytes = 0;
        }
      }
      await temporary.writev(chunk);
      await temporary.datasync();
    } finally {
      await temporary.close();
    }
    await this.file.close();
    await rename(temporaryPath, this.path);
    await syncDirectory(dirname(this.path));
    this.file = await open(this.path, fsConstants.O_RDWR | fsConstants.O_APPEND);
    this.recordsInFile = records.length;
    this.markDurable(through);
  }

  private markDurable(through: number): void {
    this.durableThrough = through;
    const stillWaiting: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.sequence <= through) waiter.resolve();
      else stillWaiting.push(waiter);
    }
    this.waiters = stillWaiting;
  }
}

function frame(record: Document): Buffer {
  const payload = encode(record);
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

export function journalPath(dbPath: string): string {
  return join(dbPath, "journal.bson");
}

export async function removeLeftoverCompaction(dbPath: string): Promise<void> {
  await rm(`${journalPath(dbPath)}.compacting`, { force: true });
}

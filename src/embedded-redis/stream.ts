import { invalidStreamId } from "./errors.js";

/**
 * A stream entry ID `ms-seq` (two unsigned 64-bit numbers) as one bigint, ms in the high 64 bits,
 * so IDs compare with < and > and serve as Map keys.
 */
export type StreamId = bigint;

const SEQ_BITS = 64n;
export const MAX_PART = (1n << 64n) - 1n;
export const MIN_ID: StreamId = 0n;
export const MAX_ID: StreamId = (MAX_PART << SEQ_BITS) | MAX_PART;

export function streamId(ms: bigint, seq: bigint): StreamId {
  return (ms << SEQ_BITS) | seq;
}
export function msOf(id: StreamId): bigint {
  return id >> SEQ_BITS;
}
export function seqOf(id: StreamId): bigint {
  return id & MAX_PART;
}
export function formatId(id: StreamId): string {
  return `${id >> SEQ_BITS}-${id & MAX_PART}`;
}

const DIGITS = /^\d{1,20}$/;

function part(text: string): bigint {
  if (!DIGITS.test(text)) throw invalidStreamId();
  const value = BigInt(text);
  if (value > MAX_PART) throw invalidStreamId();
  return value;
}

/**
 * An ID as commands take it: `ms-seq`, or `ms` alone (seq filled with `missingSeq`), and `-` / `+`
 * for the smallest and largest where a range is meant. `(id` (exclusive) is handled by the caller.
 */
export function parseId(text: string, missingSeq: bigint, allowMinMax = true): StreamId {
  if (allowMinMax && text === "-") return MIN_ID;
  if (allowMinMax && text === "+") return MAX_ID;
  const dash = text.indexOf("-");
  if (dash < 0) return streamId(part(text), missingSeq);
  return streamId(part(text.slice(0, dash)), part(text.slice(dash + 1)));
}

/** A pending entry: delivered to a consumer of a group and not yet acknowledged. */
export interface PendingEntry {
  consumer: Consumer;
  deliveredAt: number;
  deliveries: number;
}

/**
 * IDs kept in ascending order for range reads. Entries are nearly always added in order (new
 * deliveries have rising IDs); when one is not, the order is restored before the next range read.
 */
export class OrderedIds<V> {
  private map = new Map<StreamId, V>();
  private last: StreamId = -1n;
  private ordered = true;

  get size(): number {
    return this.map.size;
  }
  get(id: StreamId): V | undefined {
    return this.map.get(id);
  }
  set(id: StreamId, value: V): void {
    if (!this.map.has(id)) {
      if (id < this.last) this.ordered = false;
      else this.last = id;
    }
    this.map.set(id, value);
  }
  delete(id: StreamId): boolean {
    return this.map.delete(id);
  }
  /** Entries in ascending ID order. */
  entries(): IterableIterator<[StreamId, V]> {
    if (!this.ordered) {
      this.map = new Map([...this.map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      this.ordered = true;
    }
    return this.map.entries();
  }
  first(): StreamId | undefined {
    for (const [id] of this.entries()) return id;
    return undefined;
  }
  lastId(): StreamId | undefined {
    let last: StreamId | undefined;
    for (const [id] of this.entries()) last = id;
    return last;
  }
}

export class Consumer {
  readonly pending = new OrderedIds<PendingEntry>();
  constructor(
    readonly name: string,
    public seenAt: number,
  ) {}
}

export class ConsumerGroup {
  readonly pending = new OrderedIds<PendingEntry>();
  readonly consumers = new Map<string, Consumer>();
  constructor(public lastId: StreamId) {}

  consumer(name: string, now: number): Consumer {
    let consumer = this.consumers.get(name);
    if (!consumer) {
      consumer = new Consumer(name, now);
      this.consumers.set(name, consumer);
    }
    return consumer;
  }

  /** Records `id` as delivered to `consumer` now, moving it from another consumer if needed. */
  deliver(id: StreamId, consumer: Consumer, now: number, deliveries: number): PendingEntry {
    const existing = this.pending.get(id);
    if (existing) {
      if (existing.consumer !== consumer) {
        existing.consumer.pending.delete(id);
        existing.consumer = consumer;
        consumer.pending.set(id, existing);
      }
      existing.deliveredAt = now;
      existing.deliveries = deliveries;
      return existing;
    }
    const entry: PendingEntry = { consumer, deliveredAt: now, deliveries };
    this.pending.set(id, entry);
    consumer.pending.set(id, entry);
    return entry;
  }

  acknowledge(id: StreamId): boolean {
    const entry = this.pending.get(id);
    if (!entry) return false;
    this.pending.delete(id);
    entry.consumer.pending.delete(id);
    return true;
  }
}

/**
 * A stream: entries in ID order (two parallel arrays, with a moving head so trimming the oldest is
 * cheap), the last ID ever generated, and its consumer groups.
 */
export class Stream {
  private ids: StreamId[] = [];
  private fields: string[][] = [];
  private head = 0;
  lastId: StreamId = MIN_ID;
  maxDeletedId: StreamId = MIN_ID;
  entriesAdded = 0;
  readonly groups = new Map<string, ConsumerGroup>();

  get length(): number {
    return this.ids.length - this.head;
  }

  firstId(): StreamId | undefined {
    return this.ids[this.head];
  }

  /** Appends an entry; the caller has checked that `id` is above `lastId`. */
  append(id: StreamId, values: string[]): void {
    this.ids.push(id);
    this.fields.push(values);
    this.lastId = id;
    this.entriesAdded++;
  }

  /** The position of the first entry with an ID at or above `id`. */
  private lowerBound(id: StreamId): number {
    let low = this.head;
    let high = this.ids.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.ids[middle] as StreamId) < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  fieldsOf(id: StreamId): string[] | undefined {
    const at = this.lowerBound(id);
    return this.ids[at] === id ? this.fields[at] : undefined;
  }

  delete(id: StreamId): boolean {
    const at = this.lowerBound(id);
    if (this.ids[at] !== id) return false;
    this.ids.splice(at, 1);
    this.fields.splice(at, 1);
    if (id > this.maxDeletedId) this.maxDeletedId = id;
    return true;
  }

  /** Entries with IDs in [start, end], oldest first (or newest first), at most `count` (-1: all). */
  range(start: StreamId, end: StreamId, count: number, reverse = false): [StreamId, string[]][] {
    const out: [StreamId, string[]][] = [];
    if (start > end || count === 0) return out;
    if (!reverse) {
      for (let at = this.lowerBound(start); at < this.ids.length; at++) {
        const id = this.ids[at] as StreamId;
        if (id > end) break;
        out.push([id, this.fields[at] as string[]]);
        if (out.length === count) break;
      }
    } else {
      for (let at = this.lowerBound(end + 1n) - 1; at >= this.head; at--) {
        const id = this.ids[at] as StreamId;
        if (id < start) break;
        out.push([id, this.fields[at] as string[]]);
        if (out.length === count) break;
      }
    }
    return out;
  }

  /** Removes the oldest entries so that at most `maxLength` remain (at most `limit` removed). */
  trimToLength(maxLength: number, limit = Number.POSITIVE_INFINITY): number {
    return this.dropOldest(Math.min(Math.max(0, this.length - maxLength), limit));
  }

  /** Removes the entries below `minId` (at most `limit`). */
  trimBelow(minId: StreamId, limit = Number.POSITIVE_INFINITY): number {
    return this.dropOldest(Math.min(this.lowerBound(minId) - this.head, limit));
  }

  private dropOldest(count: number): number {
    if (count <= 0) return 0;
    this.head += count;
    // Give the dropped slots back once they are the larger part of the arrays.
    if (this.head > 1024 && this.head * 2 > this.ids.length) {
      this.ids = this.ids.slice(this.head);
      this.fields = this.fields.slice(this.head);
      this.head = 0;
    }
    return count;
  }
}

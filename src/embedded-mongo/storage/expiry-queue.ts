/**
 * A TTL index's documents by their date, soonest first (a binary min-heap), so that a TTL sweep
 * reads only what has expired, as MongoDB's TTL monitor walks its index, instead of every document
 * of the collection: at a million visits a full scan held the store for about 300 ms every sweep.
 *
 * Entries are never removed in place: a document deleted or given another date leaves its old
 * entry, which is dropped when it comes up (the caller checks each key against the document as it
 * is then). Dates and keys are kept in two arrays, not as pairs: no object an entry.
 */
export class ExpiryQueue {
  private dates: number[] = [];
  private keys: string[] = [];

  get size(): number {
    return this.dates.length;
  }

  push(dateMs: number, key: string): void {
    let i = this.dates.length;
    this.dates.push(dateMs);
    this.keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.dates[parent] as number) <= dateMs) break;
      this.move(parent, i);
      i = parent;
    }
    this.dates[i] = dateMs;
    this.keys[i] = key;
  }

  /** Takes out the keys of the entries dated at or before `cutoffMs`, soonest first, at most `max`. */
  takeUntil(cutoffMs: number, max = Number.POSITIVE_INFINITY): string[] {
    const due: string[] = [];
    while (due.length < max && this.dates.length > 0 && (this.dates[0] as number) <= cutoffMs) due.push(this.popRoot());
    return due;
  }

  clear(): void {
    this.dates = [];
    this.keys = [];
  }

  private popRoot(): string {
    const root = this.keys[0] as string;
    const lastDate = this.dates.pop() as number;
    const lastKey = this.keys.pop() as string;
    const size = this.dates.length;
    if (size === 0) return root;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && (this.dates[right] as number) < (this.dates[left] as number) ? right : left;
      if ((this.dates[child] as number) >= lastDate) break;
      this.move(child, i);
      i = child;
    }
    this.dates[i] = lastDate;
    this.keys[i] = lastKey;
    return root;
  }

  private move(from: number, to: number): void {
    this.dates[to] = this.dates[from] as number;
    this.keys[to] = this.keys[from] as string;
  }
}

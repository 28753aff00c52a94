import type { Stream } from "./stream.js";

/** A key's value: a string (binary, one char per byte) or a stream. */
export type Value = string | Stream;

export const DATABASES = 16;
/** Keys looked at per database per active expiry round (Redis: ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP × rounds). */
const ACTIVE_EXPIRE_KEYS_PER_ROUND = 200;

/**
 * One numbered database: values, and the deadlines of keys that have one (Redis's `expires` dict).
 * A key whose deadline has passed is removed when it is next touched (lazy expiry) or when the
 * active round reaches it, and either way `onExpired` tells the append-only file.
 */
export class Database {
  readonly data = new Map<string, Value>();
  readonly expires = new Map<string, number>();
  /** Where the active expiry round goes on from; a Map iterator survives changes to the map. */
  private sweep: Iterator<[string, number]> | null = null;

  constructor(
    readonly index: number,
    private readonly onExpired: (database: Database, key: string) => void,
  ) {}

  /** The key's value, unless it has expired (a key lives through its deadline's millisecond, as in Redis). */
  get(key: string, now: number): Value | undefined {
    const value = this.data.get(key);
    if (value === undefined || this.expires.size === 0) return value;
    const deadline = this.expires.get(key);
    if (deadline !== undefined && now > deadline) {
      this.remove(key);
      this.onExpired(this, key);
      return undefined;
    }
    return value;
  }

  /** Sets a value; `deadline` undefined removes any expiry, "keep" keeps it. */
  set(key: string, value: Value, deadline?: number | "keep"): void {
    this.data.set(key, value);
    if (deadline === "keep") return;
    if (deadline === undefined) {
      if (this.expires.size > 0) this.expires.delete(key);
    } else {
      this.expires.set(key, deadline);
    }
  }

  remove(key: string): boolean {
    if (!this.data.delete(key)) return false;
    if (this.expires.size > 0) this.expires.delete(key);
    return true;
  }

  clear(): void {
    this.data.clear();
    this.expires.clear();
    this.sweep = null;
  }

  /** Removes expired keys among the next few with a deadline; returns how many were removed. */
  expireSome(now: number): number {
    if (this.expires.size === 0) return 0;
    this.sweep ??= this.expires.entries();
    let removed = 0;
    for (let looked = 0; looked < ACTIVE_EXPIRE_KEYS_PER_ROUND; looked++) {
      const next = this.sweep.next();
      if (next.done) {
        this.sweep = null;
        break;
      }
      const [key, deadline] = next.value;
      if (now > deadline) {
        this.remove(key);
        this.onExpired(this, key);
        removed++;
      }
    }
    return removed;
  }
}

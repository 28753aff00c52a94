import type { AppendOnlyFile } from "./aof.js";
import type { Client } from "./client.js";
import { execute } from "./commands/index.js";
import { DATABASES, Database } from "./keyspace.js";
import { formatId, type Stream } from "./stream.js";

/**
 * Everything the commands share: the databases, the append-only file, pub/sub subscriptions,
 * clients blocked on streams, and counters for INFO. Single-threaded, like Redis.
 */
export class ServerState {
  readonly databases: Database[];
  /** The time commands see: taken once per command, as Redis does. */
  now = Date.now();
  aof: AppendOnlyFile | null = null;
  /** True while the append-only file is replayed: nothing is written back to it. */
  loading = false;
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, Set<Client>>();
  readonly clients = new Set<Client>();
  /** Clients blocked on a key (`db:key`), in the order they blocked. */
  private readonly blockedOn = new Map<string, Set<Client>>();
  private readonly readyKeys = new Set<string>();
  /** Clients with replies that were written outside their own turn (messages, woken reads). */
  private readonly outsideReplies = new Set<Client>();
  readonly stats = { commands: 0, connections: 0, expiredKeys: 0, startedAt: Date.now() };
  port = 0;
  nextClientId = 1;

  constructor() {
    const onExpired = (database: Database, key: string) => {
      this.stats.expiredKeys++;
      this.propagate(database.index, ["DEL", key]);
    };
    this.databases = Array.from({ length: DATABASES }, (_, index) => new Database(index, onExpired));
  }

  get firstDatabase(): Database {
    return this.databases[0] as Database;
  }

  /** Records a change for the append-only file: `args` must replay to the same effect. */
  propagate(db: number, args: readonly string[]): void {
    if (this.aof && !this.loading) this.aof.append(db, args);
  }

  /** Runs a client's command and, when it added to a stream, the reads blocked on that stream. */
  run(client: Client, args: string[]): void {
    this.now = Date.now();
    execute(client, args);
    if (this.readyKeys.size > 0) this.serveBlocked();
  }

  /** Writes what the commands changed to the append-only file, then sends every reply. */
  flush(client?: Client): void {
    this.aof?.flush();
    if (client && client.reply.out !== "") this.send(client);
    for (const other of this.outsideReplies) this.send(other);
    this.outsideReplies.clear();
  }

  private send(client: Client): void {
    const out = client.reply.out;
    if (out === "") return;
    client.reply.out = "";
    client.send(out);
  }

  /** Marks a client other than the one running as having replies to send. */
  replyLater(client: Client): void {
    this.outsideReplies.add(client);
  }

  block(client: Client, db: number, keys: string[], timeoutMs: number, args: string[]): void {
    const deadline = client.retryDeadline ?? (timeoutMs === 0 ? Number.POSITIVE_INFINITY : this.now + timeoutMs);
    const qualified = keys.map((key) => `${db}:${key}`);
    for (const key of qualified) {
      let waiting = this.blockedOn.get(key);
      if (!waiting) {
        waiting = new Set();
        this.blockedOn.set(key, waiting);
      }
      waiting.add(client);
    }
    const timer = Number.isFinite(deadline)
      ? setTimeout(() => this.timeOut(client), Math.max(0, deadline - this.now))
      : null;
    client.blocked = { args, keys: qualified, deadline, timer };
  }

  unblock(client: Client): void {
    const blocked = client.blocked;
    if (!blocked) return;
    if (blocked.timer) clearTimeout(blocked.timer);
    for (const key of blocked.keys) {
      const waiting = this.blockedOn.get(key);
      waiting?.delete(client);
      if (waiting?.size === 0) this.blockedOn.delete(key);
    }
    client.blocked = null;
  }

  /** A stream got new entries (or its group changed): blocked reads on it get another try. */
  signalReady(db: number, key: string): void {
    if (this.blockedOn.size > 0 && this.blockedOn.has(`${db}:${key}`)) this.readyKeys.add(`${db}:${key}`);
  }

  private serveBlocked(): void {
    while (this.readyKeys.size > 0) {
      const key = this.readyKeys.values().next().value as string;
      this.readyKeys.delete(key);
      for (const client of [...(this.blockedOn.get(key) ?? [])]) {
        const blocked = client.blocked;
        if (!blocked) continue;
        // Tried again as if just sent; a read that still finds nothing blocks again, keeping its
        // first deadline.
        this.unblock(client);
        client.retryDeadline = blocked.deadline;
        execute(client, blocked.args);
        client.retryDeadline = undefined;
        if (!client.blocked) {
          this.replyLater(client);
          setImmediate(client.resume);
        }
      }
    }
  }

  private timeOut(client: Client): void {
    if (!client.blocked) return;
    this.unblock(client);
    client.reply.nullArray();
    this.replyLater(client);
    this.flush();
    client.resume();
  }

  disconnect(client: Client): void {
    this.unblock(client);
    for (const channel of client.channels) this.unsubscribe(this.channels, channel, client);
    for (const pattern of client.patterns) this.unsubscribe(this.patterns, pattern, client);
    this.clients.delete(client);
    this.outsideReplies.delete(client);
  }

  unsubscribe(registry: Map<string, Set<Client>>, name: string, client: Client): void {
    const subscribers = registry.get(name);
    subscribers?.delete(client);
    if (subscribers?.size === 0) registry.delete(name);
  }

  /** One round of active expiry over every database; returns the keys removed. */
  expireKeys(): number {
    this.now = Date.now();
    let removed = 0;
    for (const database of this.databases) removed += database.expireSome(this.now);
    if (removed > 0) this.flush();
    return removed;
  }

  /** Commands that rebuild the current data: what a rewritten append-only file holds. */
  *snapshot(): Iterable<string[]> {
    const now = Date.now();
    for (const database of this.databases) {
      if (database.data.size === 0) continue;
      yield ["SELECT", String(database.index)];
      for (const [key, value] of database.data) {
        const deadline = database.expires.get(key);
        if (deadline !== undefined && now > deadline) continue;
        if (typeof value === "string") {
          yield deadline === undefined ? ["SET", key, value] : ["SET", key, value, "PXAT", String(deadline)];
        } else {
          yield* streamCommands(key, value);
          if (deadline !== undefined) yield ["PEXPIREAT", key, String(deadline)];
        }
      }
    }
  }
}

/** A stream as commands: its entries, its counters, its groups, their consumers and pending entries. */
function* streamCommands(key: string, stream: Stream): Iterable<string[]> {
  const lastId = formatId(stream.lastId);
  if (stream.length === 0) {
    // XADD with MAXLEN 0 makes an empty stream whose last ID is set.
    yield ["XADD", key, "MAXLEN", "0", lastId, "x", "y"];
  } else {
    for (const [id, fields] of stream.range(0n, stream.lastId, -1)) yield ["XADD", key, formatId(id), ...fields];
  }
  yield [
    "XSETID",
    key,
    lastId,
    "ENTRIESADDED",
    String(stream.entriesAdded),
    "MAXDELETEDID",
    formatId(stream.maxDeletedId),
  ];
  for (const [name, group] of stream.groups) {
    yield ["XGROUP", "CREATE", key, name, formatId(group.lastId)];
    for (const consumer of group.consumers.values()) {
      yield ["XGROUP", "CREATECONSUMER", key, name, consumer.name];
    }
    for (const [id, entry] of group.pending.entries()) {
      yield [
        "XCLAIM",
        key,
        name,
        entry.consumer.name,
        "0",
        formatId(id),
        "TIME",
        String(entry.deliveredAt),
        "RETRYCOUNT",
        String(entry.deliveries),
        "FORCE",
        "JUSTID",
      ];
    }
  }
}

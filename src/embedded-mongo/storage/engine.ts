import { chmod, mkdir } from "node:fs/promises";
import type { Document } from "bson";
import { valueKey } from "../bson/compare.js";
import { MongoCommandError } from "../errors.js";
import type { Predicate } from "../filter/match.js";
import { matcherFor } from "../query.js";
import { assertNotView } from "../views.js";
import { Collection } from "./collection.js";
import type { IndexSpec } from "./indexes.js";
import { Journal, type JournalReplay, journalPath, removeLeftoverCompaction } from "./journal.js";

/** Every change to the data is one of these records: applied in memory, then journaled. */
type ChangeRecord =
  | { op: "create"; db: string; coll: string; options: Document }
  | { op: "drop"; db: string; coll: string }
  | { op: "dropDatabase"; db: string }
  | { op: "insert"; db: string; coll: string; doc: Document }
  | { op: "replace"; db: string; coll: string; doc: Document }
  | { op: "delete"; db: string; coll: string; id: unknown }
  | { op: "createIndex"; db: string; coll: string; spec: IndexSpec }
  | { op: "dropIndex"; db: string; coll: string; name: string }
  | { op: "setOptions"; db: string; coll: string; options: Document };

/** By default the journal is rewritten once it holds this many records and more than twice the live ones. */
export const DEFAULT_COMPACTION_MIN_RECORDS = 50_000;

export class StorageEngine {
  private readonly databases = new Map<string, Map<string, Collection>>();
  private readonly validators = new WeakMap<Collection, Predicate | null>();
  private journal: Journal | null = null;
  private compacting = false;
  private changes = 0;
  replay: JournalReplay = { records: 0, truncatedBytes: 0 };

  private constructor(private readonly compactionMinRecords: number) {}

  /** An engine kept only in memory when `dbPath` is undefined; otherwise rebuilt from its journal. */
  static async open(dbPath?: string, compactionMinRecords = DEFAULT_COMPACTION_MIN_RECORDS): Promise<StorageEngine> {
    const engine = new StorageEngine(compactionMinRecords);
    if (dbPath) {
      // Personal data lives here: only the service's own user may list or read it.
      await mkdir(dbPath, { recursive: true, mode: 0o700 });
      await chmod(dbPath, 0o700);
      await removeLeftoverCompaction(dbPath);
      const { journal, replay } = await Journal.open(journalPath(dbPath), (record) =>
        engine.apply(record as ChangeRecord),
      );
      engine.journal = journal;
      engine.replay = replay;
    }
    return engine;
  }

  /** Grows with every change, so a caller can tell whether a command wrote anything. */
  get changeCount(): number {
    return this.changes;
  }

  /** Records in the journal file and waiting to be written; compaction brings it down. */
  get journalRecords(): number {
    return this.journal?.recordCount ?? 0;
  }

  /** Resolves once every change made so far is durable. */
  durable(): Promise<void> {
    return this.journal ? this.journal.durable() : Promise.resolve();
  }

  async close(): Promise<void> {
    await this.journal?.close();
    this.journal = null;
  }

  databaseNames(): string[] {
    return [...this.databases.keys()];
  }

  collectionsOf(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])];
  }

  collection(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  /** The collection, created implicitly as MongoDB does on the first write; never a view. */
  collectionForWrite(db: string, name: string): Collection {
    const existing = this.collection(db, name);
    assertNotView(existing);
    return existing ?? this.createCollection(db, name, {});
  }

  /** The existing collection a write would change (undefined if none); never a view. */
  existingCollectionForWrite(db: string, name: string): Collection | undefined {
    const existing = this.collection(db, name);
    assertNotView(existing);
    return existing;
  }

  createCollection(db: string, name: string, options: Document): Collection {
    assertValidNamespace(db, name);
    if (this.collection(db, name)) {
      throw new MongoCommandError("NamespaceExists", `Collection ${db}.${name} already exists.`);
    }
    this.commit({ op: "create", db, coll: name, options });
    return this.collection(db, name) as Collection;
  }

  dropCollection(db: string, name: string): boolean {
    if (!this.collection(db, name)) return false;
    this.commit({ op: "drop", db, coll: name });
    return true;
  }

  dropDatabase(db: string): void {
    if (this.databases.has(db)) this.commit({ op: "dropDatabase", db });
  }

  insertDocument(coll: Collection, doc: Document, bypassValidation = false): void {
    if (!bypassValidation) this.assertValid(coll, doc);
    this.commit({ op: "insert", db: coll.dbName, coll: coll.name, doc });
  }

  replaceDocument(coll: Collection, previous: Document, next: Document, bypassValidation = false): void {
    if (!bypassValidation) this.assertValid(coll, next);
    if (valueKey(previous._id) !== valueKey(next._id)) throw new Error("a replacement keeps the _id");
    this.commit({ op: "replace", db: coll.dbName, coll: coll.name, doc: next });
  }

  deleteDocument(coll: Collection, doc: Document): void {
    this.commit({ op: "delete", db: coll.dbName, coll: coll.name, id: doc._id });
  }

  createIndex(coll: Collection, spec: IndexSpec): "created" | "exists" {
    const outcome = coll.createIndex(spec);
    if (outcome === "created") this.journalRecord({ op: "createIndex", db: coll.dbName, coll: coll.name, spec });
    return outcome;
  }

  dropIndex(coll: Collection, name: string): void {
    this.commit({ op: "dropIndex", db: coll.dbName, coll: coll.name, name });
  }

  setCollectionOptions(coll: Collection, options: Document): void {
    this.commit({ op: "setOptions", db: coll.dbName, coll: coll.name, options });
  }

  /**
   * Deletes documents whose TTL index date is older than its expireAfterSeconds, reading only
   * those (through the index's expiry queue), not the whole collection. A call reads at most `max`
   * entries of a queue and deletes at most `max` documents, so one that deleted any may have left
   * more for the next.
   */
  expireDocuments(now = Date.now(), max = Number.POSITIVE_INFINITY): number {
    let removed = 0;
    for (const database of this.databases.values()) {
      for (const coll of database.values()) {
        for (const index of coll.indexes.values()) {
          const seconds = index.ttlSeconds;
          if (seconds === undefined) continue;
          if (removed >= max) return removed;
          for (const doc of index.expiredDocuments(now - seconds * 1000, coll.docs, max - removed)) {
            this.deleteDocument(coll, doc);
            removed++;
          }
        }
      }
    }
    return removed;
  }

  private assertValid(coll: Collection, doc: Document): void {
    let validator = this.validators.get(coll);
    if (validator === undefined) {
      const { validator: expression, validationLevel, validationAction } = coll.options;
      const enforced = expression && validationLevel !== "off" && validationAction !== "warn";
      validator = enforced ? matcherFor(expression as Document) : null;
      this.validators.set(coll, validator);
    }
    if (validator && !validator(doc)) {
      throw new MongoCommandError("DocumentValidationFailure", "Document failed validation", {
        errInfo: {
          failingDocumentId: doc._id,
          details: { operatorName: "$validator", reason: "the document does not match the collection's validator" },
        },
      });
    }
  }

  private commit(record: ChangeRecord): void {
    this.apply(record);
    this.journalRecord(record);
  }

  private journalRecord(record: ChangeRecord): void {
    this.changes++;
    this.journal?.append(record);
    this.compactIfWorthwhile();
  }

  private apply(record: ChangeRecord): void {
    switch (record.op) {
      case "create": {
        let database = this.databases.get(record.db);
        if (!database) {
          database = new Map();
          this.databases.set(record.db, database);
        }
        database.set(record.coll, new Collection(record.db, record.coll, record.options));
        return;
      }
      case "drop": {
        const database = this.databases.get(record.db);
        database?.delete(record.coll);
        if (database?.size === 0) this.databases.delete(record.db);
        return;
      }
      case "dropDatabase":
        this.databases.delete(record.db);
        return;
      case "insert":
        this.collectionForReplay(record).insert(record.doc);
        return;
      case "replace": {
        const coll = this.collectionForReplay(record);
        const previous = coll.findById(record.doc._id);
        if (previous) coll.replace(previous, record.doc);
        else coll.insert(record.doc);
        return;
      }
      case "delete": {
        const coll = this.collectionForReplay(record);
        const doc = coll.findById(record.id);
        if (doc) coll.remove(doc);
        return;
      }
      case "createIndex":
        this.collectionForReplay(record).createIndex(record.spec);
        return;
      case "dropIndex":
        this.collectionForReplay(record).dropIndex(record.name);
        return;
      case "setOptions": {
        const coll = this.collectionForReplay(record);
        coll.options = record.options;
        this.validators.delete(coll);
        return;
      }
    }
  }

  private collectionForReplay(record: { db: string; coll: string }): Collection {
    const existing = this.collection(record.db, record.coll);
    if (existing) return existing;
    this.apply({ op: "create", db: record.db, coll: record.coll, options: {} });
    return this.collection(record.db, record.coll) as Collection;
  }

  private compactIfWorthwhile(): void {
    const journal = this.journal;
    if (!journal || this.compacting || journal.recordCount < this.compactionMinRecords) return;
    if (journal.recordCount < 2 * this.liveRecordCount()) return;
    this.compacting = true;
    journal
      .requestCompaction(() => this.snapshotRecords())
      .finally(() => {
        this.compacting = false;
      })
      .catch(() => {
        // A failed compaction leaves the old journal in place; the next append tries again.
      });
  }

  private liveRecordCount(): number {
    let count = 0;
    for (const database of this.databases.values()) {
      for (const coll of database.values()) count += 1 + coll.indexes.size + coll.size;
    }
    return count;
  }

  private *snapshotRecords(): Iterable<ChangeRecord> {
    for (const [db, database] of this.databases) {
      for (const [name, coll] of database) {
        yield { op: "create", db, coll: name, options: coll.options };
        for (const index of coll.indexes.values()) yield { op: "createIndex", db, coll: name, spec: index.spec };
        for (const doc of coll.docs.values()) yield { op: "insert", db, coll: name, doc };
      }
    }
  }
}

function assertValidNamespace(db: string, name: string): void {
  if (db === "" || /[/\\. "$]/.test(db))
    throw new MongoCommandError("InvalidNamespace", `Invalid database name: '${db}'`);
  if (name === "" || name.includes("$") || name.startsWith(".") || name.includes("\0")) {
    throw new MongoCommandError("InvalidNamespace", `Invalid collection name: ${name}`);
  }
}

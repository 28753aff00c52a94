import type { Collection, Db, Document, MongoClient } from "mongodb";

/** Raised for an operation this runner does not carry out, so the case is skipped with a reason. */
export class UnsupportedOperation extends Error {}

export type Entity = MongoClient | Db | Collection;
type Arguments = Record<string, unknown>;

/** Unified-format argument names that are options of the driver call rather than positional. */
function optionsOf(args: Arguments, positional: string[]): Document {
  const options: Document = {};
  for (const [key, value] of Object.entries(args)) {
    if (positional.includes(key) || key === "session") continue;
    options[key] = key === "returnDocument" && typeof value === "string" ? value.toLowerCase() : value;
  }
  return options;
}

const a = (args: Arguments, key: string) => args[key] as never;

const collectionOperations: Record<string, (c: Collection, args: Arguments) => Promise<unknown>> = {
  aggregate: (c, args) => c.aggregate(a(args, "pipeline"), optionsOf(args, ["pipeline"])).toArray(),
  bulkWrite: (c, args) => c.bulkWrite(a(args, "requests"), optionsOf(args, ["requests"])),
  countDocuments: (c, args) => c.countDocuments(a(args, "filter"), optionsOf(args, ["filter"])),
  estimatedDocumentCount: (c, args) => c.estimatedDocumentCount(optionsOf(args, [])),
  count: (c, args) => c.count(a(args, "filter"), optionsOf(args, ["filter"])),
  deleteMany: (c, args) => c.deleteMany(a(args, "filter"), optionsOf(args, ["filter"])),
  deleteOne: (c, args) => c.deleteOne(a(args, "filter"), optionsOf(args, ["filter"])),
  distinct: (c, args) => c.distinct(a(args, "fieldName"), a(args, "filter"), optionsOf(args, ["fieldName", "filter"])),
  find: (c, args) => c.find(a(args, "filter"), optionsOf(args, ["filter"])).toArray(),
  findOne: (c, args) => c.findOne(a(args, "filter"), optionsOf(args, ["filter"])),
  findOneAndDelete: (c, args) => c.findOneAndDelete(a(args, "filter"), optionsOf(args, ["filter"])),
  findOneAndReplace: (c, args) =>
    c.findOneAndReplace(a(args, "filter"), a(args, "replacement"), optionsOf(args, ["filter", "replacement"])),
  findOneAndUpdate: (c, args) =>
    c.findOneAndUpdate(a(args, "filter"), a(args, "update"), optionsOf(args, ["filter", "update"])),
  insertMany: (c, args) => c.insertMany(a(args, "documents"), optionsOf(args, ["documents"])),
  insertOne: (c, args) => c.insertOne(a(args, "document"), optionsOf(args, ["document"])),
  replaceOne: (c, args) =>
    c.replaceOne(a(args, "filter"), a(args, "replacement"), optionsOf(args, ["filter", "replacement"])),
  updateMany: (c, args) => c.updateMany(a(args, "filter"), a(args, "update"), optionsOf(args, ["filter", "update"])),
  updateOne: (c, args) => c.updateOne(a(args, "filter"), a(args, "update"), optionsOf(args, ["filter", "update"])),
  createIndex: (c, args) => c.createIndex(a(args, "keys"), optionsOf(args, ["keys"])),
  dropIndex: (c, args) => c.dropIndex(a(args, "name"), optionsOf(args, ["name"])),
  listIndexes: (c, args) => c.listIndexes(optionsOf(args, [])).toArray(),
  drop: (c, args) => c.drop(optionsOf(args, [])),
  rename: (c, args) => c.rename(a(args, "to"), optionsOf(args, ["to"])),
};

const databaseOperations: Record<string, (d: Db, args: Arguments) => Promise<unknown>> = {
  aggregate: (d, args) => d.aggregate(a(args, "pipeline"), optionsOf(args, ["pipeline"])).toArray(),
  createCollection: (d, args) => d.createCollection(a(args, "collection"), optionsOf(args, ["collection"])),
  dropCollection: (d, args) => d.dropCollection(a(args, "collection"), optionsOf(args, ["collection"])),
  listCollections: (d, args) => d.listCollections(a(args, "filter"), optionsOf(args, ["filter"])).toArray(),
  listCollectionNames: async (d, args) =>
    (await d.listCollections(a(args, "filter"), { nameOnly: true }).toArray()).map((c) => c.name),
  runCommand: (d, args) => d.command(a(args, "command"), optionsOf(args, ["command", "commandName"])),
  modifyCollection: (d, args) => d.command({ collMod: args.collection, ...optionsOf(args, ["collection"]) }),
};

const clientOperations: Record<string, (c: MongoClient, args: Arguments) => Promise<unknown>> = {
  listDatabases: (c, args) => c.db().admin().listDatabases(optionsOf(args, [])),
  listDatabaseNames: async (c) => (await c.db().admin().listDatabases()).databases.map((d) => d.name),
};

export async function runOperation(
  kind: "client" | "database" | "collection",
  entity: Entity,
  name: string,
  args: Arguments,
) {
  const table: Record<string, (e: never, args: Arguments) => Promise<unknown>> =
    kind === "collection" ? collectionOperations : kind === "database" ? databaseOperations : clientOperations;
  const operation = table[name];
  if (!operation) throw new UnsupportedOperation(`operation ${name} on a ${kind} is not supported by this runner`);
  return normaliseResult(await operation(entity as never, args));
}

/** Driver result classes as the plain documents the unified format describes. */
export function normaliseResult(result: unknown): unknown {
  if (result && typeof result === "object" && result.constructor.name === "BulkWriteResult") {
    const bulk = result as { [count: string]: unknown };
    return {
      insertedCount: bulk.insertedCount,
      matchedCount: bulk.matchedCount,
      modifiedCount: bulk.modifiedCount,
      deletedCount: bulk.deletedCount,
      upsertedCount: bulk.upsertedCount,
      upsertedIds: bulk.upsertedIds,
      insertedIds: bulk.insertedIds,
    };
  }
  return result;
}

import type { Document } from "bson";
import { valueKey } from "../bson/compare.js";
import { MongoCommandError } from "../errors.js";
import { matcherFor } from "../query.js";
import type { Collection } from "../storage/collection.js";
import { validateExpireAfterSeconds, validateIndexSpec } from "../storage/indexes.js";
import { isPlainObject } from "../values.js";
import { isView } from "../views.js";
import {
  type CommandContext,
  type CommandHandler,
  collectionName,
  optionalDocument,
  optionalNumber,
} from "./context.js";

/** Options of `create` kept with the collection; the rest (writeConcern, comment...) are per call. */
const COLLECTION_OPTIONS = ["validator", "validationLevel", "validationAction", "viewOn", "pipeline"];

/** Refuses what a collection or index would be created with but this server would not honour. */
function assertHonoured(what: string, options: Document): void {
  if (options.capped === true) throw notImplemented(`capped collections (${what})`);
  const { collation } = options;
  if (collation !== undefined && !(isPlainObject(collation) && collation.locale === "simple")) {
    throw notImplemented(`a default collation for ${what}`);
  }
}

function notImplemented(what: string): MongoCommandError {
  return new MongoCommandError(
    "NotImplemented",
    `${what} is not implemented by the embedded MongoDB-compatible server`,
  );
}

function create(context: CommandContext): Document {
  assertHonoured(`collection ${collectionName(context)}`, context.command);
  const options: Document = {};
  for (const option of COLLECTION_OPTIONS)
    if (context.command[option] !== undefined) options[option] = context.command[option];
  context.server.engine.createCollection(context.db, collectionName(context), options);
  return { ok: 1 };
}

function drop(context: CommandContext): Document {
  const name = collectionName(context);
  const coll = context.server.engine.collection(context.db, name);
  const nIndexesWas = coll ? coll.indexSpecs().length : 0;
  context.server.engine.dropCollection(context.db, name);
  return { nIndexesWas, ns: `${context.db}.${name}`, ok: 1 };
}

function dropDatabase(context: CommandContext): Document {
  context.server.engine.dropDatabase(context.db);
  return { dropped: context.db, ok: 1 };
}

function listCollections(context: CommandContext): Document {
  const filter = optionalDocument(context.command, "filter") ?? {};
  const matches = matcherFor(filter);
  const entries = context.server.engine
    .collectionsOf(context.db)
    .map((coll) => ({
      name: coll.name,
      type: isView(coll) ? "view" : "collection",
      options: coll.options,
      info: { readOnly: false },
      idIndex: { v: 2, key: { _id: 1 }, name: "_id_" },
    }))
    .filter((entry) => matches(entry))
    .map((entry) => (context.command.nameOnly ? { name: entry.name, type: entry.type } : entry));
  const batchSize = optionalNumber(optionalDocument(context.command, "cursor") ?? {}, "batchSize");
  return context.server.cursors.open(`${context.db}.$cmd.listCollections`, entries, batchSize);
}

function existingCollection(context: CommandContext): Collection {
  const name = collectionName(context);
  const coll = context.server.engine.collection(context.db, name);
  if (!coll) throw new MongoCommandError("NamespaceNotFound", `ns does not exist: ${context.db}.${name}`);
  return coll;
}

function createIndexes(context: CommandContext): Document {
  const { engine } = context.server;
  const name = collectionName(context);
  const rawIndexes = context.command.indexes;
  if (!Array.isArray(rawIndexes) || rawIndexes.length === 0) {
    throw new MongoCommandError("BadValue", "Must specify at least one index to create");
  }
  const specs = rawIndexes.map(validateIndexSpec);
  for (const spec of specs) assertHonoured(`index ${spec.name}`, spec);
  const createdCollectionAutomatically = !engine.collection(context.db, name);
  const coll = engine.collectionForWrite(context.db, name);
  const numIndexesBefore = coll.indexSpecs().length;
  let created = 0;
  for (const spec of specs) if (engine.createIndex(coll, spec) === "created") created++;
  return {
    numIndexesBefore,
    numIndexesAfter: coll.indexSpecs().length,
    createdCollectionAutomatically,
    ...(created === 0 ? { note: "all indexes already exist" } : {}),
    ok: 1,
  };
}

function listIndexes(context: CommandContext): Document {
  const coll = existingCollection(context);
  const batchSize = optionalNumber(optionalDocument(context.command, "cursor") ?? {}, "batchSize");
  return context.server.cursors.open(`${coll.ns}`, coll.indexSpecs(), batchSize);
}

function dropIndexes(context: CommandContext): Document {
  const coll = existingCollection(context);
  const target = context.command.index;
  const nIndexesWas = coll.indexSpecs().length;
  const names: string[] =
    target === "*"
      ? [...coll.indexes.keys()]
      : Array.isArray(target)
        ? target.map(String)
        : typeof target === "string"
          ? [target]
          : [indexNameForKey(coll, target)];
  for (const name of names) context.server.engine.dropIndex(coll, name);
  return { nIndexesWas, ok: 1 };
}

function indexNameForKey(coll: Collection, key: unknown): string {
  const spec = coll.indexSpecs().find((existing) => valueKey(existing.key) === valueKey(key));
  if (!spec) throw new MongoCommandError("IndexNotFound", `can't find index with key: ${JSON.stringify(key)}`);
  return spec.name;
}

function collMod(context: CommandContext): Document {
  const coll = existingCollection(context);
  const { engine } = context.server;
  const options = { ...coll.options };
  for (const option of ["validator", "validationLevel", "validationAction"]) {
    if (context.command[option] !== undefined) options[option] = context.command[option];
  }
  const reply: Document = { ok: 1 };
  const indexChange = context.command.index;
  if (isPlainObject(indexChange)) {
    const name =
      typeof indexChange.name === "string" ? indexChange.name : indexNameForKey(coll, indexChange.keyPattern);
    if (name === "_id_") throw new MongoCommandError("InvalidOptions", "the _id index cannot be modified");
    const index = coll.indexes.get(name);
    if (!index) throw new MongoCommandError("IndexNotFound", `cannot find index ${name} for ns ${coll.ns}`);
    if (indexChange.expireAfterSeconds !== undefined) {
      const seconds = validateExpireAfterSeconds(indexChange.expireAfterSeconds, "InvalidOptions");
      reply.expireAfterSeconds_old = index.spec.expireAfterSeconds;
      reply.expireAfterSeconds_new = seconds;
      const spec = { ...index.spec, expireAfterSeconds: seconds };
      engine.dropIndex(coll, name);
      engine.createIndex(coll, spec);
    }
  }
  engine.setCollectionOptions(coll, options);
  return reply;
}

function renameCollection(context: CommandContext): Document {
  const { engine } = context.server;
  const [fromDb, ...fromRest] = String(context.command.renameCollection).split(".");
  const [toDb, ...toRest] = String(context.command.to).split(".");
  const source = engine.collection(fromDb ?? "", fromRest.join("."));
  if (!source) throw new MongoCommandError("NamespaceNotFound", "source namespace does not exist");
  const targetName = toRest.join(".");
  if (engine.collection(toDb ?? "", targetName)) {
    if (!context.command.dropTarget) throw new MongoCommandError("NamespaceExists", "target namespace exists");
    engine.dropCollection(toDb ?? "", targetName);
  }
  const target = engine.createCollection(toDb ?? "", targetName, source.options);
  for (const index of source.indexes.values()) engine.createIndex(target, index.spec);
  for (const doc of source.docs.values()) engine.insertDocument(target, doc, true);
  engine.dropCollection(fromDb ?? "", fromRest.join("."));
  return { ok: 1 };
}

export const catalogCommands: Record<string, CommandHandler> = {
  create,
  drop,
  dropDatabase,
  listCollections,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  collMod,
  renameCollection,
};

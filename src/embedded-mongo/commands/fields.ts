import type { Document } from "bson";
import { MongoCommandError } from "../errors.js";
import { isPlainObject } from "../values.js";

/** Arguments MongoDB accepts on every command (its "generic arguments"). */
const GENERIC = [
  "$db",
  "lsid",
  "$clusterTime",
  "$readPreference",
  "$audit",
  "$client",
  "apiVersion",
  "apiStrict",
  "apiDeprecationErrors",
  "comment",
  "maxTimeMS",
  "readConcern",
  "writeConcern",
];

/**
 * The fields of each command this server carries out, and the ones MongoDB knows that it does
 * not: those are refused with NotImplemented naming them, and any other field with 40415 as
 * mongod does, so that nothing a client asks for is silently ignored. Commands not listed here
 * (the handshake and the status commands) take no arguments that change what they do.
 */
const COMMAND_FIELDS: Record<string, { known: string[]; notImplemented?: string[] }> = {
  find: {
    known: [
      "filter",
      "sort",
      "projection",
      "hint",
      "skip",
      "limit",
      "batchSize",
      "singleBatch",
      "collation",
      "let",
      "allowDiskUse",
      "allowPartialResults",
      "noCursorTimeout",
    ],
    notImplemented: ["min", "max", "returnKey", "showRecordId", "tailable", "awaitData", "oplogReplay", "readOnce"],
  },
  getMore: { known: ["collection", "batchSize"] },
  killCursors: { known: ["cursors"] },
  count: { known: ["query", "limit", "skip", "hint", "collation", "fields"] },
  distinct: { known: ["key", "query", "collation", "hint"] },
  aggregate: {
    known: ["pipeline", "explain", "allowDiskUse", "cursor", "bypassDocumentValidation", "collation", "hint", "let"],
  },
  explain: { known: ["explain", "verbosity"] },
  insert: { known: ["documents", "ordered", "bypassDocumentValidation"] },
  update: { known: ["updates", "ordered", "bypassDocumentValidation", "let"] },
  delete: { known: ["deletes", "ordered", "let"] },
  findAndModify: {
    known: [
      "query",
      "sort",
      "remove",
      "update",
      "new",
      "fields",
      "upsert",
      "bypassDocumentValidation",
      "collation",
      "arrayFilters",
      "hint",
      "let",
    ],
  },
  create: {
    known: [
      "capped",
      "size",
      "max",
      "validator",
      "validationLevel",
      "validationAction",
      "collation",
      "viewOn",
      "pipeline",
      "autoIndexId",
      "storageEngine",
      "indexOptionDefaults",
    ],
    notImplemented: [
      "timeseries",
      "clusteredIndex",
      "expireAfterSeconds",
      "changeStreamPreAndPostImages",
      "encryptedFields",
    ],
  },
  drop: { known: [] },
  dropDatabase: { known: [] },
  listCollections: { known: ["filter", "nameOnly", "authorizedCollections", "cursor"] },
  listIndexes: { known: ["cursor"] },
  createIndexes: { known: ["indexes", "commitQuorum"] },
  dropIndexes: { known: ["index"] },
  collMod: {
    known: ["validator", "validationLevel", "validationAction", "index"],
    notImplemented: [
      "viewOn",
      "pipeline",
      "expireAfterSeconds",
      "changeStreamPreAndPostImages",
      "timeseries",
      "cappedSize",
      "cappedMax",
    ],
  },
  renameCollection: { known: ["to", "dropTarget", "stayTemp"] },
  listDatabases: { known: ["filter", "nameOnly", "authorizedDatabases"] },
};
COMMAND_FIELDS.findandmodify = COMMAND_FIELDS.findAndModify as { known: string[] };
COMMAND_FIELDS.deleteIndexes = COMMAND_FIELDS.dropIndexes as { known: string[] };

const GENERIC_FIELDS = new Set(GENERIC);
const FIELD_SETS = new Map(
  Object.entries(COMMAND_FIELDS).map(([name, { known, notImplemented }]) => [
    name,
    { known: new Set(known), notImplemented: new Set(notImplemented ?? []) },
  ]),
);

/** The fields of one statement of an update or delete command. */
const STATEMENT_FIELDS: Record<string, { array: string; known: Set<string> }> = {
  update: {
    array: "updates",
    known: new Set(["q", "u", "c", "upsert", "multi", "arrayFilters", "hint", "collation", "upsertSupplied"]),
  },
  delete: { array: "deletes", known: new Set(["q", "limit", "hint", "collation"]) },
};

/** Refuses a command carrying a field this server would otherwise ignore. */
export function assertKnownFields(name: string, command: Document): void {
  const statements = STATEMENT_FIELDS[name];
  if (statements && Array.isArray(command[statements.array])) {
    // mongod parses every statement before running any, so an unknown field fails the command.
    for (const statement of command[statements.array] as unknown[]) {
      if (!isPlainObject(statement)) continue;
      const unknown = Object.keys(statement).find((field) => !statements.known.has(field));
      if (unknown) {
        throw new MongoCommandError(
          "Location40415",
          `BSON field '${name}.${statements.array}.${unknown}' is an unknown field.`,
        );
      }
    }
  }
  const fields = FIELD_SETS.get(name);
  if (!fields) return;
  for (const field of Object.keys(command)) {
    if (field === name || GENERIC_FIELDS.has(field) || fields.known.has(field)) continue;
    if (fields.notImplemented.has(field)) {
      throw new MongoCommandError(
        "NotImplemented",
        `${name}.${field} is not implemented by the embedded MongoDB-compatible server`,
      );
    }
    throw new MongoCommandError("Location40415", `BSON field '${name}.${field}' is an unknown field.`);
  }
}

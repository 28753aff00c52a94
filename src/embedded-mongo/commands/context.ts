import type { Document } from "bson";
import { runPipeline } from "../aggregation/pipeline.js";
import type { CursorRegistry } from "../cursors.js";
import { MongoCommandError } from "../errors.js";
import type { StorageEngine } from "../storage/engine.js";
import { isPlainObject } from "../values.js";

export interface ServerState {
  engine: StorageEngine;
  cursors: CursorRegistry;
  startedAt: number;
  host: string;
  port: number;
  connections: () => number;
}

export interface CommandContext {
  server: ServerState;
  /** The command document, with OP_MSG document sequences merged in. */
  command: Document;
  /** The command's name as the client spelled it (its first field). */
  name: string;
  db: string;
  connectionId: number;
}

/** Handlers run synchronously: one command at a time, so none sees another half done. */
export type CommandHandler = (context: CommandContext) => Document;

/** The collection a command names in its first field, checked to be a non-empty string. */
export function collectionName(context: CommandContext): string {
  const value = context.command[context.name];
  if (typeof value !== "string" || value === "") {
    throw new MongoCommandError("InvalidNamespace", `collection name has invalid type ${typeof value}`);
  }
  return value;
}

export function optionalDocument(command: Document, field: string): Document | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    throw new MongoCommandError(
      "TypeMismatch",
      `BSON field '${field}' is the wrong type '${typeof value}', expected type 'object'`,
    );
  }
  return value;
}

export function optionalNumber(command: Document, field: string): number | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  const number = Number(typeof value === "object" ? value.valueOf() : value);
  if (typeof value === "string" || typeof value === "boolean" || Number.isNaN(number)) {
    throw new MongoCommandError(
      "TypeMismatch",
      `BSON field '${field}' is the wrong type '${typeof value}', expected a number`,
    );
  }
  return number;
}

export function documentArray(command: Document, field: string): Document[] {
  const value = command[field];
  if (!Array.isArray(value) || !value.every(isPlainObject)) {
    throw new MongoCommandError("TypeMismatch", `BSON field '${field}' must be an array of documents`);
  }
  return value;
}

/** The query options a command carries: its collation and its `let` variables, evaluated. */
export function queryOptionsOf(command: Document): { collation?: Document; variables?: Document } {
  const collation = optionalDocument(command, "collation");
  const variables = optionalDocument(command, "let");
  return { ...(collation ? { collation } : {}), ...(variables ? { variables: evaluateVariables(variables) } : {}) };
}

/** `let` values are expressions (`{$literal: "$x"}`, `{$add: [1, 2]}`), evaluated once per command. */
export function evaluateVariables(variables: Document): Document {
  return runPipeline([{ $replaceWith: variables }], [{}])[0] as Document;
}

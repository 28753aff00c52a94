import type { Document } from "bson";
import { runWithin } from "../deadline.js";
import { asCommandError, MongoCommandError } from "../errors.js";
import { isPlainObject } from "../values.js";
import { adminCommands } from "./admin.js";
import { catalogCommands } from "./catalog.js";
import { type CommandHandler, optionalNumber, type ServerState } from "./context.js";
import { assertKnownFields } from "./fields.js";
import { readCommands } from "./read.js";
import { writeCommands } from "./write.js";

export type { ServerState } from "./context.js";

const handlers: Record<string, CommandHandler> = {
  ...adminCommands,
  ...catalogCommands,
  ...readCommands,
  ...writeCommands,
};

/** A one-member deployment acknowledges w: 1 and "majority"; more members or a named mode it cannot. */
function assertSatisfiable(writeConcern: unknown): void {
  if (writeConcern === undefined || writeConcern === null) return;
  if (!isPlainObject(writeConcern)) {
    throw new MongoCommandError("TypeMismatch", "BSON field 'writeConcern' is the wrong type, expected type 'object'");
  }
  const { w } = writeConcern;
  if (typeof w === "string" && w !== "majority") {
    throw new MongoCommandError(
      "UnknownReplWriteConcern",
      `No write concern mode named '${w}' found in replica set configuration`,
    );
  }
  if (w !== undefined && typeof w !== "string" && Number(w.valueOf()) > 1) {
    throw new MongoCommandError("UnsatisfiableWriteConcern", "Not enough data-bearing nodes");
  }
}

function maxTimeMS(command: Document): number {
  const value = optionalNumber(command, "maxTimeMS") ?? 0;
  if (!Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) {
    throw new MongoCommandError("BadValue", "maxTimeMS must be a non-negative 32-bit integer");
  }
  return value;
}

/**
 * Runs one command and returns its reply document. A command that changed data is answered only
 * after the change is durable in the journal.
 */
export async function runCommand(server: ServerState, command: Document, connectionId: number): Promise<Document> {
  const name = Object.keys(command)[0] ?? "";
  const before = server.engine.changeCount;
  let reply: Document;
  try {
    // A standalone refuses every statement of a transaction, so none of them half-happens.
    if ("txnNumber" in command || "autocommit" in command || "startTransaction" in command) {
      throw new MongoCommandError(
        "IllegalOperation",
        "Transaction numbers are only allowed on a replica set member or mongos",
      );
    }
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!handler) throw new MongoCommandError("CommandNotFound", `no such command: '${name}'`);
    const db = command.$db;
    if (typeof db !== "string" || db === "")
      throw new MongoCommandError("InvalidNamespace", "the command needs a $db field");
    assertKnownFields(name, command);
    assertSatisfiable(command.writeConcern);
    reply = runWithin(maxTimeMS(command), () => handler({ server, command, name, db, connectionId }));
  } catch (error) {
    reply = { ok: 0, ...asCommandError(error).toReplyFields() };
  }
  if (server.engine.changeCount !== before) await server.engine.durable();
  return reply;
}

import type { Document } from "bson";
import { asCommandError, MongoCommandError } from "../errors.js";
import { adminCommands } from "./admin.js";
import { catalogCommands } from "./catalog.js";
import type { CommandHandler, ServerState } from "./context.js";
import { readCommands } from "./read.js";
import { writeCommands } from "./write.js";

export type { ServerState } from "./context.js";

const handlers: Record<string, CommandHandler> = {
  ...adminCommands,
  ...catalogCommands,
  ...readCommands,
  ...writeCommands,
};

/**
 * Runs one command and returns its reply document. A command that changed data is answered only
 * after the change is durable in the journal.
 */
export async function runCommand(server: ServerState, command: Document, connectionId: number): Promise<Document> {
  const name = Object.keys(command)[0] ?? "";
  const before = server.engine.changeCount;
  let reply: Document;
  try {
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!handler) throw new MongoCommandError("CommandNotFound", `no such command: '${name}'`);
    if (command.startTransaction === true) {
      throw new MongoCommandError(
        "IllegalOperation",
        "Transaction numbers are only allowed on a replica set member or mongos",
      );
    }
    const db = command.$db;
    if (typeof db !== "string" || db === "")
      throw new MongoCommandError("InvalidNamespace", "the command needs a $db field");
    reply = await handler({ server, command, name, db, connectionId });
  } catch (error) {
    reply = { ok: 0, ...asCommandError(error).toReplyFields() };
  }
  if (server.engine.changeCount !== before) await server.engine.durable();
  return reply;
}

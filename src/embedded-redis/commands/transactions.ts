import type { Client } from "../client.js";
import { RedisError } from "../errors.js";
import { execute } from "./index.js";
import type { CommandSpec } from "./spec.js";

/** MULTI, EXEC, DISCARD: queued commands run together, with nothing from other clients in between. */

function multi(client: Client): void {
  if (client.transaction) throw new RedisError("ERR MULTI calls can not be nested");
  client.transaction = [];
  client.transactionFailed = false;
  client.reply.ok();
}

function exec(client: Client): void {
  const queued = client.transaction;
  if (!queued) throw new RedisError("ERR EXEC without MULTI");
  const failed = client.transactionFailed;
  client.transaction = null;
  client.transactionFailed = false;
  if (failed) throw new RedisError("EXECABORT Transaction discarded because of previous errors.");
  const aof = client.server.loading ? null : client.server.aof;
  const mark = aof?.mark() ?? 0;
  client.reply.array(queued.length);
  client.mayBlock = false;
  try {
    for (const args of queued) execute(client, args);
  } finally {
    client.mayBlock = true;
  }
  // Replayed after a crash, the transaction's changes apply all together or not at all.
  aof?.wrapSince(mark);
}

function discard(client: Client): void {
  if (!client.transaction) throw new RedisError("ERR DISCARD without MULTI");
  client.transaction = null;
  client.transactionFailed = false;
  client.reply.ok();
}

export const transactionCommands: CommandSpec[] = [
  { name: "multi", arity: 1, transactionControl: true, run: multi },
  { name: "exec", arity: 1, transactionControl: true, run: exec },
  { name: "discard", arity: 1, transactionControl: true, run: discard },
];

import type { Client } from "../client.js";
import { errorLine, RedisError, unknownCommand, unknownSubcommand, wrongArity } from "../errors.js";
import { connectionCommands } from "./connection.js";
import { keyCommands } from "./keys.js";
import { pubsubCommands } from "./pubsub.js";
import type { CommandSpec } from "./spec.js";
import { streamCommands } from "./streams.js";
import { stringCommands } from "./strings.js";
import { transactionCommands } from "./transactions.js";

/**
 * The command registry: one file per group, as miniredis has them. Names are looked up as sent
 * (clients send lower or upper case) before falling back to lower-casing.
 */
const registry = new Map<string, CommandSpec>();
for (const spec of [
  ...connectionCommands,
  ...keyCommands,
  ...pubsubCommands,
  ...streamCommands,
  ...stringCommands,
  ...transactionCommands,
]) {
  registry.set(spec.name, spec);
  registry.set(spec.name.toUpperCase(), spec);
}

/** The handler for `args` (a subcommand's for XGROUP, CLIENT …), or the error Redis gives instead. */
function resolve(args: string[]): CommandSpec | RedisError {
  const name = args[0] as string;
  const spec = registry.get(name) ?? registry.get(name.toLowerCase());
  if (!spec) return unknownCommand(args);
  if (!arityFits(spec.arity, args.length)) return wrongArity(spec.name);
  if (!spec.subcommands) return spec;
  const subcommand = (args[1] as string).toLowerCase();
  const sub = spec.subcommands.find((candidate) => candidate.name === subcommand);
  if (!sub) return unknownSubcommand(args[1] as string, spec.name);
  return arityFits(sub.arity, args.length) ? sub : wrongArity(`${spec.name}|${sub.name}`);
}

function arityFits(arity: number, count: number): boolean {
  return arity >= 0 ? count === arity : count >= -arity;
}

/** Runs one command for a client, or queues it inside MULTI; every outcome is written as a reply. */
export function execute(client: Client, args: string[]): void {
  const reply = client.reply;
  const spec = resolve(args);
  if (spec instanceof RedisError) {
    if (client.transaction) client.transactionFailed = true;
    reply.error(errorLine(spec.message));
    return;
  }
  if (client.transaction && !spec.transactionControl) {
    client.transaction.push(args);
    reply.simple("QUEUED");
    return;
  }
  if (reply.protocol === 2 && client.subscriptions > 0 && !spec.pubsub) {
    reply.error(
      `ERR Can't execute '${spec.name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
    );
    return;
  }
  client.server.stats.commands++;
  try {
    spec.run?.(client, args);
  } catch (error) {
    // Handlers check their input before they reply, so an error is the whole reply.
    const message =
      error instanceof RedisError ? error.message : `ERR ${error instanceof Error ? error.message : error}`;
    reply.error(errorLine(message));
  }
}

import type { Client } from "../client.js";
import { notAnInteger } from "../errors.js";

/** One command: how many arguments it takes, where it may run, and what it does. */
export interface CommandSpec {
  /** Lower-case, as Redis names it in errors. */
  name: string;
  /** Redis's arity: n arguments exactly, or -n for at least n (the command's name counts). */
  arity: number;
  /** Allowed while a RESP2 client is subscribed to channels. */
  pubsub?: boolean;
  /** Runs at once inside MULTI instead of being queued. */
  transactionControl?: boolean;
  /** What it does; a command with subcommands (XGROUP, CLIENT …) hands over to the one named. */
  run?: (client: Client, args: string[]) => void;
  subcommands?: CommandSpec[];
}

const INT64 = /^(?:0|-?[1-9]\d{0,18})$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A signed 64-bit integer written as Redis's string2ll accepts it (no sign "+", no leading zeros), or null. */
export function parseInt64(text: string): bigint | null {
  if (!INT64.test(text)) return null;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? null : value;
}

/** An integer argument, or Redis's "value is not an integer" error. */
export function integerArg(text: string): number {
  if (text.length < 16 && INT64.test(text)) return Number(text);
  const value = parseInt64(text);
  if (value === null) throw notAnInteger();
  return Number(value);
}

/** Whether `args[at]` is `word`, in any case. */
export function isWord(args: readonly string[], at: number, word: string): boolean {
  const arg = args[at];
  return arg !== undefined && arg.length === word.length && arg.toUpperCase() === word;
}

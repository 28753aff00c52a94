import type { Client } from "../client.js";
import { invalidExpireTime, notAnInteger, RedisError, syntaxError, wrongType } from "../errors.js";
import type { Value } from "../keyspace.js";
import { type CommandSpec, parseInt64 } from "./spec.js";

/** Strings: GET, SET and its options, GETDEL, INCR and friends. */

function stringAt(client: Client, key: string): string | undefined {
  const value: Value | undefined = client.db.get(key, client.server.now);
  if (value !== undefined && typeof value !== "string") throw wrongType();
  return value;
}

interface SetOptions {
  condition: "NX" | "XX" | null;
  get: boolean;
  keepTtl: boolean;
  /** Absolute deadline in ms, if an expiry was given. */
  deadline: number | undefined;
}

const LLONG_MAX = 2n ** 63n - 1n;

/** SET's options after the value, accepted and refused exactly as Redis 7's parser does. */
function setOptions(args: string[], now: number): SetOptions {
  const options: SetOptions = { condition: null, get: false, keepTtl: false, deadline: undefined };
  let unit: "EX" | "PX" | "EXAT" | "PXAT" | null = null;
  let amount = "";
  for (let i = 3; i < args.length; i++) {
    const option = (args[i] as string).toUpperCase();
    if (option === "NX" && options.condition !== "XX") options.condition = "NX";
    else if (option === "XX" && options.condition !== "NX") options.condition = "XX";
    else if (option === "GET") options.get = true;
    else if (option === "KEEPTTL" && unit === null) options.keepTtl = true;
    else if (
      (option === "EX" || option === "PX" || option === "EXAT" || option === "PXAT") &&
      (unit === null || unit === option) &&
      !options.keepTtl &&
      i + 1 < args.length
    ) {
      unit = option;
      amount = args[++i] as string;
    } else throw syntaxError();
  }
  if (unit !== null && amount.length < 13 && /^[1-9]\d*$/.test(amount)) {
    // The usual case (a TTL of up to 12 digits) without 64-bit arithmetic.
    const ms = unit === "EX" || unit === "EXAT" ? Number(amount) * 1000 : Number(amount);
    options.deadline = unit === "EX" || unit === "PX" ? now + ms : ms;
  } else if (unit !== null) {
    const value = parseInt64(amount);
    if (value === null) throw notAnInteger();
    const seconds = unit === "EX" || unit === "EXAT";
    if (value <= 0n || (seconds && value > LLONG_MAX / 1000n)) throw invalidExpireTime("set");
    let deadline = seconds ? value * 1000n : value;
    if (unit === "EX" || unit === "PX") deadline += BigInt(now);
    if (deadline > LLONG_MAX) throw invalidExpireTime("set");
    options.deadline = Number(deadline);
  }
  return options;
}

function set(client: Client, args: string[]): void {
  const key = args[1] as string;
  const value = args[2] as string;
  const { db, server, reply } = client;
  // The common case, SET key value, skips option parsing.
  if (args.length === 3) {
    db.set(key, value);
    server.propagate(db.index, args);
    reply.ok();
    return;
  }
  const options = setOptions(args, server.now);
  const current = db.get(key, server.now);
  if (options.get && current !== undefined && typeof current !== "string") throw wrongType();
  const applies =
    options.condition === null ||
    (options.condition === "NX" && current === undefined) ||
    (options.condition === "XX" && current !== undefined);
  if (applies) {
    const keep = options.keepTtl && current !== undefined;
    db.set(key, value, keep ? "keep" : options.deadline);
    const deadline = keep ? db.expires.get(key) : options.deadline;
    server.propagate(
      db.index,
      deadline === undefined ? ["SET", key, value] : ["SET", key, value, "PXAT", String(deadline)],
    );
  }
  if (options.get) {
    if (current === undefined) reply.nullBulk();
    else reply.bulk(current as string);
  } else if (applies) reply.ok();
  else reply.nullBulk();
}

function get(client: Client, args: string[]): void {
  const value = stringAt(client, args[1] as string);
  if (value === undefined) client.reply.nullBulk();
  else client.reply.bulk(value);
}

function getdel(client: Client, args: string[]): void {
  const key = args[1] as string;
  const value = stringAt(client, key);
  if (value === undefined) {
    client.reply.nullBulk();
    return;
  }
  client.db.remove(key);
  client.server.propagate(client.db.index, ["DEL", key]);
  client.reply.bulk(value);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Adds `by` to the integer at `key` (0 when missing), keeping the key's expiry. */
function incrementBy(client: Client, key: string, by: bigint | number, args: string[]): void {
  const current = stringAt(client, key);
  let result: number | bigint;
  if (current === undefined) result = by;
  else if (current.length < 16 && typeof by === "number" && /^(?:0|-?[1-9]\d*)$/.test(current)) {
    result = Number(current) + by;
  } else {
    const parsed = current.length <= 20 ? parseInt64(current) : null;
    if (parsed === null) throw notAnInteger();
    const sum = parsed + BigInt(by);
    if (sum < INT64_MIN || sum > INT64_MAX) throw new RedisError("ERR increment or decrement would overflow");
    result = sum;
  }
  const text = String(result);
  client.db.set(key, text, "keep");
  client.server.propagate(client.db.index, args);
  client.reply.integer(result);
}

function incrementArg(text: string): bigint {
  const value = parseInt64(text);
  if (value === null) throw notAnInteger();
  return value;
}

export const stringCommands: CommandSpec[] = [
  { name: "get", arity: 2, run: get },
  { name: "set", arity: -3, run: set },
  { name: "getdel", arity: 2, run: getdel },
  { name: "incr", arity: 2, run: (client, args) => incrementBy(client, args[1] as string, 1, args) },
  { name: "decr", arity: 2, run: (client, args) => incrementBy(client, args[1] as string, -1, args) },
  {
    name: "incrby",
    arity: 3,
    run: (client, args) => incrementBy(client, args[1] as string, incrementArg(args[2] as string), args),
  },
  {
    name: "decrby",
    arity: 3,
    run: (client, args) => {
      const by = incrementArg(args[2] as string);
      if (by === INT64_MIN) throw new RedisError("ERR decrement would overflow");
      incrementBy(client, args[1] as string, -by, args);
    },
  },
];

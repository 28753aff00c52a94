import type { Client } from "../client.js";
import { invalidExpireTime, RedisError, syntaxError } from "../errors.js";
import { globMatches } from "../glob.js";
import type { Value } from "../keyspace.js";
import { type CommandSpec, integerArg, parseInt64 } from "./spec.js";

/** Keys: DEL, EXISTS, expiry (EXPIRE, PEXPIRE, their absolute forms, TTL, PTTL, PERSIST), TYPE, KEYS, SCAN. */

function del(client: Client, args: string[]): void {
  const { db, server } = client;
  let removed = 0;
  for (let i = 1; i < args.length; i++) {
    const key = args[i] as string;
    if (db.get(key, server.now) !== undefined && db.remove(key)) {
      removed++;
      server.propagate(db.index, ["DEL", key]);
    }
  }
  client.reply.integer(removed);
}

function exists(client: Client, args: string[]): void {
  let found = 0;
  for (let i = 1; i < args.length; i++) if (client.db.get(args[i] as string, client.server.now) !== undefined) found++;
  client.reply.integer(found);
}

const LLONG_MAX = 2n ** 63n - 1n;
const LLONG_MIN = -(2n ** 63n);

/** The absolute deadline an EXPIRE-like command asks for, with Redis's overflow checks. */
function deadlineOf(text: string, unit: "s" | "ms", base: number, name: string): number {
  // The usual case (up to 12 digits) without 64-bit arithmetic.
  if (text.length < 13 && /^-?\d+$/.test(text) && text !== "-0" && !/^-?0\d/.test(text)) {
    return base + Number(text) * (unit === "s" ? 1000 : 1);
  }
  const given = parseInt64(text);
  if (given === null) throw new RedisError("ERR value is not an integer or out of range");
  let when = given;
  if (unit === "s") {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) throw invalidExpireTime(name);
    when *= 1000n;
  }
  if (when > LLONG_MAX - BigInt(base)) throw invalidExpireTime(name);
  return Number(when + BigInt(base));
}

/** EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT, with NX / XX / GT / LT, as Redis 7's expireGenericCommand. */
function expire(unit: "s" | "ms", absolute: boolean, name: string) {
  return (client: Client, args: string[]): void => {
    let nx = false;
    let xx = false;
    let gt = false;
    let lt = false;
    for (let i = 3; i < args.length; i++) {
      const flag = (args[i] as string).toUpperCase();
      if (flag === "NX") nx = true;
      else if (flag === "XX") xx = true;
      else if (flag === "GT") gt = true;
      else if (flag === "LT") lt = true;
      else throw new RedisError(`ERR Unsupported option ${args[i]}`);
    }
    if (nx && (xx || gt || lt)) {
      throw new RedisError("ERR NX and XX, GT or LT options at the same time are not compatible");
    }
    if (gt && lt) throw new RedisError("ERR GT and LT options at the same time are not compatible");
    const deadline = deadlineOf(args[2] as string, unit, absolute ? 0 : client.server.now, name);
    const { db, server, reply } = client;
    const key = args[1] as string;
    if (db.get(key, server.now) === undefined) {
      reply.integer(0);
      return;
    }
    const current = db.expires.get(key);
    if (
      (nx && current !== undefined) ||
      (xx && current === undefined) ||
      (gt && (current === undefined || deadline <= current)) ||
      (lt && current !== undefined && deadline >= current)
    ) {
      reply.integer(0);
      return;
    }
    if (deadline <= server.now && !server.loading) {
      db.remove(key);
      server.propagate(db.index, ["DEL", key]);
    } else {
      db.expires.set(key, deadline);
      server.propagate(db.index, ["PEXPIREAT", key, String(deadline)]);
    }
    reply.integer(1);
  };
}

function ttl(inMilliseconds: boolean) {
  return (client: Client, args: string[]): void => {
    const { db, server, reply } = client;
    const key = args[1] as string;
    if (db.get(key, server.now) === undefined) {
      reply.integer(-2);
      return;
    }
    const deadline = db.expires.get(key);
    if (deadline === undefined) {
      reply.integer(-1);
      return;
    }
    const left = Math.max(0, deadline - server.now);
    reply.integer(inMilliseconds ? left : Math.floor((left + 500) / 1000));
  };
}

function persist(client: Client, args: string[]): void {
  const { db, server } = client;
  const key = args[1] as string;
  if (db.get(key, server.now) === undefined || !db.expires.delete(key)) {
    client.reply.integer(0);
    return;
  }
  server.propagate(db.index, args);
  client.reply.integer(1);
}

function typeName(value: Value | undefined): string {
  if (value === undefined) return "none";
  return typeof value === "string" ? "string" : "stream";
}

/** The live keys of the client's database that match `pattern` (and `type`, when given). */
function liveKeys(client: Client, pattern: string | null, type: string | null): string[] {
  const { db, server } = client;
  const keys: string[] = [];
  for (const key of [...db.data.keys()]) {
    const value = db.get(key, server.now);
    if (value === undefined) continue;
    if (pattern !== null && pattern !== "*" && !globMatches(pattern, key)) continue;
    if (type !== null && typeName(value) !== type) continue;
    keys.push(key);
  }
  return keys;
}

/**
 * SCAN visits the whole database in one call and answers cursor 0. That keeps SCAN's promises
 * (every key present throughout is returned, the iteration ends) for the small data sets this
 * server holds; COUNT is a hint in Redis too.
 */
function scan(client: Client, args: string[]): void {
  const cursor = args[1] as string;
  if (!/^\d{1,20}$/.test(cursor) || BigInt(cursor) > 2n ** 64n - 1n) throw new RedisError("ERR invalid cursor");
  let pattern: string | null = null;
  let type: string | null = null;
  for (let i = 2; i < args.length; i += 2) {
    const option = (args[i] as string).toUpperCase();
    const value = args[i + 1];
    if (value === undefined) throw syntaxError();
    if (option === "COUNT") {
      if (integerArg(value) < 1) throw syntaxError();
    } else if (option === "MATCH") pattern = value;
    else if (option === "TYPE") type = value.toLowerCase();
    else throw syntaxError();
  }
  const keys = cursor === "0" ? liveKeys(client, pattern, type) : [];
  client.reply.array(2);
  client.reply.bulk("0");
  client.reply.bulkArray(keys);
}

export const keyCommands: CommandSpec[] = [
  { name: "del", arity: -2, run: del },
  { name: "unlink", arity: -2, run: del },
  { name: "exists", arity: -2, run: exists },
  { name: "expire", arity: -3, run: expire("s", false, "expire") },
  { name: "pexpire", arity: -3, run: expire("ms", false, "pexpire") },
  { name: "expireat", arity: -3, run: expire("s", true, "expireat") },
  { name: "pexpireat", arity: -3, run: expire("ms", true, "pexpireat") },
  { name: "ttl", arity: 2, run: ttl(false) },
  { name: "pttl", arity: 2, run: ttl(true) },
  { name: "persist", arity: 2, run: persist },
  {
    name: "type",
    arity: 2,
    run: (client, args) => client.reply.simple(typeName(client.db.get(args[1] as string, client.server.now))),
  },
  { name: "keys", arity: 2, run: (client, args) => client.reply.bulkArray(liveKeys(client, args[1] as string, null)) },
  { name: "scan", arity: -2, run: scan },
];

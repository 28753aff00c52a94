import type { Client } from "../client.js";
import { invalidStreamId, RedisError, syntaxError, wrongArity, wrongType } from "../errors.js";
import type { ReplyWriter } from "../resp.js";
import {
  type Consumer,
  ConsumerGroup,
  formatId,
  MAX_ID,
  MAX_PART,
  MIN_ID,
  msOf,
  parseId,
  Stream,
  type StreamId,
  seqOf,
  streamId,
} from "../stream.js";
import { type CommandSpec, integerArg, isWord, parseInt64 } from "./spec.js";

/**
 * Streams and consumer groups, as Redis 7.0's t_stream.c: XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM,
 * XGROUP, XREADGROUP (with BLOCK), XACK, XPENDING, XCLAIM, XAUTOCLAIM, XSETID, XINFO CONSUMERS.
 */

function streamAt(client: Client, key: string): Stream | undefined {
  const value = client.db.get(key, client.server.now);
  if (value !== undefined && !(value instanceof Stream)) throw wrongType();
  return value;
}

function noGroup(key: string, group: string): RedisError {
  return new RedisError(`NOGROUP No such key '${key}' or consumer group '${group}'`);
}

/** An exact ID: no `-` / `+`, seq 0 when left out. */
function strictId(text: string): StreamId {
  return parseId(text, 0n, false);
}

/** An interval bound: `-`, `+`, `ms`, `ms-seq`, or `(id` for an exclusive one. */
function intervalBound(text: string, missingSeq: bigint, start: boolean): StreamId {
  if (text.length > 1 && text.startsWith("(")) {
    // An exclusive bound is an exact ID: "(-" and "(+" are refused, as in Redis.
    const id = parseId(text.slice(1), missingSeq, false);
    if (start) {
      if (id === MAX_ID) throw new RedisError("ERR invalid start ID for the interval");
      return id + 1n;
    }
    if (id === MIN_ID) throw new RedisError("ERR invalid end ID for the interval");
    return id - 1n;
  }
  return parseId(text, missingSeq);
}

function writeEntry(reply: ReplyWriter, id: StreamId, fields: string[]): void {
  reply.array(2);
  reply.bulk(formatId(id));
  reply.bulkArray(fields);
}

function writeEntries(reply: ReplyWriter, entries: [StreamId, string[]][]): void {
  reply.array(entries.length);
  for (const [id, fields] of entries) writeEntry(reply, id, fields);
}

interface Trim {
  strategy: "MAXLEN" | "MINID";
  approximate: boolean;
  maxLength: number;
  minId: StreamId;
  limit: number;
}

/**
 * The options XADD and XTRIM share (streamParseAddOrTrimArgsOrReply). Returns where the ID (XADD)
 * or the end (XTRIM) is. `~` trims exactly here: Redis may keep more, never fewer, so both keep
 * the promise of "at least this many".
 */
function parseTrimOptions(
  args: string[],
  from: number,
  forXadd: boolean,
): { trim: Trim | null; noMkStream: boolean; next: number } {
  let trim: Trim | null = null;
  let noMkStream = false;
  let limit: number | null = null;
  let i = from;
  for (; i < args.length; i++) {
    const more = args.length - 1 - i;
    const option = (args[i] as string).toUpperCase();
    if (forXadd && option === "*") break;
    if ((option === "MAXLEN" || option === "MINID") && more > 0) {
      if (trim) throw new RedisError("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
      let approximate = false;
      if (more >= 2 && (args[i + 1] === "~" || args[i + 1] === "=")) {
        approximate = args[i + 1] === "~";
        i++;
      }
      const threshold = args[i + 1] as string;
      trim = { strategy: option, approximate, maxLength: 0, minId: MIN_ID, limit: 0 };
      if (option === "MAXLEN") {
        trim.maxLength = integerArg(threshold);
        if (trim.maxLength < 0) throw new RedisError("ERR The MAXLEN argument must be >= 0.");
      } else {
        trim.minId = strictId(threshold);
      }
      i++;
    } else if (option === "LIMIT" && more > 0) {
      limit = integerArg(args[i + 1] as string);
      if (limit < 0) throw new RedisError("ERR The LIMIT argument must be >= 0.");
      i++;
    } else if (forXadd && option === "NOMKSTREAM") {
      noMkStream = true;
    } else if (forXadd) {
      break;
    } else {
      throw syntaxError();
    }
  }
  if (limit !== null && !trim) {
    throw new RedisError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
  }
  if (!forXadd && !trim) throw new RedisError("ERR syntax error, XTRIM must be called with a trimming strategy");
  if (trim) {
    if (limit !== null && !trim.approximate) {
      throw new RedisError("ERR syntax error, LIMIT cannot be used without the special ~ option");
    }
    trim.limit = trim.approximate ? (limit ?? 10_000) : 0;
  }
  return { trim, noMkStream, next: i };
}

function applyTrim(stream: Stream, trim: Trim): number {
  const limit = trim.limit === 0 ? Number.POSITIVE_INFINITY : trim.limit;
  return trim.strategy === "MAXLEN" ? stream.trimToLength(trim.maxLength, limit) : stream.trimBelow(trim.minId, limit);
}

/** The ID XADD gives a new entry: `*`, `ms-*` or explicit, checked against the stream's last ID. */
function nextId(stream: Stream, text: string, now: number): StreamId {
  const last = stream.lastId;
  if (text === "*") {
    const ms = BigInt(now);
    if (ms > msOf(last)) return streamId(ms, 0n);
    if (seqOf(last) === MAX_PART) return streamId(msOf(last) + 1n, 0n);
    return last + 1n;
  }
  const autoSequence = text.endsWith("-*");
  const given = autoSequence ? streamId(strictMs(text.slice(0, -2)), 0n) : strictId(text);
  let id = given;
  if (autoSequence && msOf(given) === msOf(last)) {
    if (seqOf(last) === MAX_PART) throw smallerId();
    id = last + 1n;
  }
  if (id <= last) throw smallerId();
  return id;
}

/** The `ms` of an `ms-*` ID. */
function strictMs(text: string): bigint {
  if (text.includes("-")) throw invalidStreamId();
  return msOf(parseId(text, 0n, false));
}

const smallerId = () =>
  new RedisError("ERR The ID specified in XADD is equal or smaller than the target stream top item");

function xadd(client: Client, args: string[]): void {
  const key = args[1] as string;
  const { trim, noMkStream, next } = parseTrimOptions(args, 2, true);
  const idText = args[next];
  if (idText === undefined) throw wrongArity("xadd");
  // Checked in Redis's order: the ID's form, the number of fields, then 0-0.
  const explicit = idText === "*" ? null : idText.endsWith("-*") ? strictMs(idText.slice(0, -2)) : strictId(idText);
  const fields = args.length - next - 1;
  if (fields < 2 || fields % 2 === 1) throw wrongArity("xadd");
  if (explicit === MIN_ID && !idText.endsWith("-*")) {
    throw new RedisError("ERR The ID specified in XADD must be greater than 0-0");
  }
  const { db, server, reply } = client;
  let stream = streamAt(client, key);
  if (!stream) {
    if (noMkStream) {
      reply.nullBulk();
      return;
    }
    stream = new Stream();
    db.set(key, stream);
  }
  if (stream.lastId === MAX_ID) {
    throw new RedisError("ERR The stream has exhausted the last possible ID, unable to add more items");
  }
  const id = nextId(stream, idText, server.now);
  const values = args.slice(next + 1);
  stream.append(id, values);
  const formatted = formatId(id);
  reply.bulk(formatted);
  server.propagate(db.index, ["XADD", key, formatted, ...values]);
  if (trim && applyTrim(stream, trim) > 0) {
    server.propagate(db.index, ["XTRIM", key, "MAXLEN", String(stream.length)]);
  }
  server.signalReady(db.index, key);
}

function xtrim(client: Client, args: string[]): void {
  const key = args[1] as string;
  const { trim, next } = parseTrimOptions(args, 2, false);
  if (next !== args.length || !trim) throw syntaxError();
  const stream = streamAt(client, key);
  const removed = stream ? applyTrim(stream, trim) : 0;
  if (stream && removed > 0) {
    client.server.propagate(client.db.index, ["XTRIM", key, "MAXLEN", String(stream.length)]);
  }
  client.reply.integer(removed);
}

function xdel(client: Client, args: string[]): void {
  const key = args[1] as string;
  const ids = args.slice(2).map(strictId);
  const stream = streamAt(client, key);
  let deleted = 0;
  if (stream) for (const id of ids) if (stream.delete(id)) deleted++;
  if (deleted > 0) client.server.propagate(client.db.index, args);
  client.reply.integer(deleted);
}

function xlen(client: Client, args: string[]): void {
  client.reply.integer(streamAt(client, args[1] as string)?.length ?? 0);
}

function xrange(reverse: boolean) {
  return (client: Client, args: string[]): void => {
    const [startText, endText] = reverse ? [args[3], args[2]] : [args[2], args[3]];
    const start = intervalBound(startText as string, 0n, true);
    const end = intervalBound(endText as string, MAX_PART, false);
    let count = -1;
    if (args.length === 6 && isWord(args, 4, "COUNT")) {
      count = Math.max(0, integerArg(args[5] as string));
    } else if (args.length !== 4) throw syntaxError();
    const stream = streamAt(client, args[1] as string);
    if (count === 0) {
      client.reply.nullArray();
      return;
    }
    writeEntries(client.reply, stream ? stream.range(start, end, count, reverse) : []);
  };
}

function groupOf(stream: Stream | undefined, name: string): ConsumerGroup | undefined {
  return stream?.groups.get(name);
}

const keyMustExist = () =>
  new RedisError(
    "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.",
  );

const subcommandSyntax = (subcommand: string) =>
  new RedisError(`ERR unknown subcommand or wrong number of arguments for '${subcommand}'. Try XGROUP HELP.`);

/** XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD n]. */
function xgroupCreate(client: Client, args: string[]): void {
  const [, subcommand, key, name, idText] = args as [string, string, string, string, string];
  let mkStream = false;
  for (let i = 5; i < args.length; i++) {
    if (isWord(args, i, "MKSTREAM")) mkStream = true;
    else if (isWord(args, i, "ENTRIESREAD") && i + 1 < args.length) {
      const entriesRead = integerArg(args[++i] as string);
      if (entriesRead < -1) throw new RedisError("ERR value for ENTRIESREAD must be positive or -1");
    } else throw subcommandSyntax(subcommand);
  }
  let stream = streamAt(client, key);
  if (!stream && !mkStream) throw keyMustExist();
  const id = idText === "$" ? (stream?.lastId ?? MIN_ID) : strictId(idText);
  if (stream?.groups.has(name)) throw new RedisError("BUSYGROUP Consumer Group name already exists");
  const { db, server } = client;
  if (!stream) {
    stream = new Stream();
    db.set(key, stream);
    server.propagate(db.index, ["XADD", key, "MAXLEN", "0", "1-1", "x", "y"]);
    server.propagate(db.index, ["XSETID", key, "0-0", "ENTRIESADDED", "0", "MAXDELETEDID", "0-0"]);
  }
  stream.groups.set(name, new ConsumerGroup(id));
  server.propagate(db.index, ["XGROUP", "CREATE", key, name, formatId(id)]);
  client.reply.ok();
}

/** The stream and group a subcommand names, with Redis's errors when either is missing. */
function existingGroup(client: Client, key: string, name: string): { stream: Stream; group: ConsumerGroup } {
  const stream = streamAt(client, key);
  if (!stream) throw keyMustExist();
  const group = stream.groups.get(name);
  if (!group) throw new RedisError(`NOGROUP No such consumer group '${name}' for key name '${key}'`);
  return { stream, group };
}

function xgroupSetId(client: Client, args: string[]): void {
  const [, subcommand, key, name, idText] = args as [string, string, string, string, string];
  if (args.length === 7) {
    if (!isWord(args, 5, "ENTRIESREAD")) throw subcommandSyntax(subcommand);
    integerArg(args[6] as string);
  } else if (args.length !== 5) throw subcommandSyntax(subcommand);
  const { stream, group } = existingGroup(client, key, name);
  group.lastId = idText === "$" ? stream.lastId : parseId(idText, 0n);
  client.server.propagate(client.db.index, ["XGROUP", "SETID", key, name, formatId(group.lastId)]);
  client.reply.ok();
}

function xgroupDestroy(client: Client, args: string[]): void {
  const [, , key, name] = args as [string, string, string, string];
  const stream = streamAt(client, key);
  if (!stream) throw keyMustExist();
  const destroyed = stream.groups.delete(name);
  if (destroyed) {
    client.server.propagate(client.db.index, args);
    // Reads blocked on the group get their NOGROUP error.
    client.server.signalReady(client.db.index, key);
  }
  client.reply.integer(destroyed ? 1 : 0);
}

function xgroupCreateConsumer(client: Client, args: string[]): void {
  const [, , key, name, consumer] = args as [string, string, string, string, string];
  const { group } = existingGroup(client, key, name);
  const created = !group.consumers.has(consumer);
  if (created) {
    group.consumer(consumer, client.server.now);
    client.server.propagate(client.db.index, args);
  }
  client.reply.integer(created ? 1 : 0);
}

function xgroupDeleteConsumer(client: Client, args: string[]): void {
  const [, , key, name, consumerName] = args as [string, string, string, string, string];
  const { group } = existingGroup(client, key, name);
  const consumer = group.consumers.get(consumerName);
  let pending = 0;
  if (consumer) {
    pending = consumer.pending.size;
    for (const [id] of [...consumer.pending.entries()]) group.acknowledge(id);
    group.consumers.delete(consumerName);
    client.server.propagate(client.db.index, args);
  }
  client.reply.integer(pending);
}

/** XREADGROUP GROUP group consumer [COUNT n] [BLOCK ms] [NOACK] STREAMS key … id …. */
function xreadgroup(client: Client, args: string[]): void {
  let groupName: string | null = null;
  let consumerName = "";
  let count = 0;
  let block = -1;
  let noAck = false;
  let streamsAt = 0;
  for (let i = 1; i < args.length; i++) {
    const more = args.length - i - 1;
    const option = (args[i] as string).toUpperCase();
    if (option === "BLOCK" && more > 0) {
      const timeout = parseInt64(args[++i] as string);
      if (timeout === null) throw new RedisError("ERR timeout is not an integer or out of range");
      if (timeout < 0n) throw new RedisError("ERR timeout is negative");
      block = Number(timeout);
    } else if (option === "COUNT" && more > 0) {
      count = Math.max(0, integerArg(args[++i] as string));
    } else if (option === "STREAMS" && more > 0) {
      streamsAt = i + 1;
      if ((args.length - streamsAt) % 2 !== 0) {
        throw new RedisError(
          "ERR Unbalanced 'xreadgroup' list of streams: for each stream key an ID or '>' must be specified.",
        );
      }
      break;
    } else if (option === "GROUP" && more >= 2) {
      groupName = args[i + 1] as string;
      consumerName = args[i + 2] as string;
      i += 2;
    } else if (option === "NOACK") {
      noAck = true;
    } else throw syntaxError();
  }
  if (streamsAt === 0) throw syntaxError();
  if (groupName === null) throw new RedisError("ERR Missing GROUP option for XREADGROUP");
  const streamCount = (args.length - streamsAt) / 2;
  const keys = args.slice(streamsAt, streamsAt + streamCount);
  const reads: { key: string; stream: Stream; group: ConsumerGroup; after: StreamId | null }[] = [];
  for (let i = 0; i < streamCount; i++) {
    const key = keys[i] as string;
    const idText = args[streamsAt + streamCount + i] as string;
    const stream = streamAt(client, key);
    const group = groupOf(stream, groupName);
    if (!stream || !group) {
      throw new RedisError(
        `NOGROUP No such key '${key}' or consumer group '${groupName}' in XREADGROUP with GROUP option`,
      );
    }
    if (idText === "$") {
      throw new RedisError(
        "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.",
      );
    }
    reads.push({ key, stream, group, after: idText === ">" ? null : strictId(idText) });
  }
  const { server, reply } = client;
  const now = server.now;
  // Decide which streams answer now: history reads always do, new-entry reads when there are some.
  const answering = reads.filter(({ stream, group, after }) => {
    if (after !== null) return true;
    const last = stream.range(MIN_ID, MAX_ID, 1, true)[0];
    return last !== undefined && last[0] > group.lastId;
  });
  for (const { key, group } of reads) {
    if (!group.consumers.has(consumerName)) {
      server.propagate(client.db.index, ["XGROUP", "CREATECONSUMER", key, groupName, consumerName]);
    }
    group.consumer(consumerName, now).seenAt = now;
  }
  if (answering.length === 0) {
    if (block >= 0 && client.mayBlock) {
      server.block(client, client.db.index, keys, block, args);
      return;
    }
    reply.nullArray();
    return;
  }
  // RESP3: a map of stream to entries; RESP2: an array of [stream, entries] pairs.
  if (reply.protocol === 3) reply.map(answering.length);
  else reply.array(answering.length);
  for (const read of answering) {
    if (reply.protocol === 2) reply.array(2);
    reply.bulk(read.key);
    const consumer = read.group.consumer(consumerName, now);
    if (read.after === null) deliverNew(client, read.key, read.stream, read.group, consumer, count, noAck);
    else deliverHistory(client, read.key, read.stream, read.group, consumer, read.after + 1n, count);
  }
}

/** Entries after the group's last delivered ID go to `consumer` and into the pending list. */
function deliverNew(
  client: Client,
  key: string,
  stream: Stream,
  group: ConsumerGroup,
  consumer: Consumer,
  count: number,
  noAck: boolean,
): void {
  const { server, db, reply } = client;
  const entries = stream.range(group.lastId + 1n, MAX_ID, count === 0 ? -1 : count);
  writeEntries(reply, entries);
  const last = entries[entries.length - 1];
  if (!last) return;
  group.lastId = last[0];
  if (noAck) {
    server.propagate(db.index, ["XGROUP", "SETID", key, groupNameOf(stream, group), formatId(group.lastId)]);
    return;
  }
  const ids: string[] = [];
  for (const [id] of entries) {
    group.deliver(id, consumer, server.now, 1);
    ids.push(formatId(id));
  }
  const name = groupNameOf(stream, group);
  server.propagate(db.index, [
    "XCLAIM",
    key,
    name,
    consumer.name,
    "0",
    ...ids,
    "TIME",
    String(server.now),
    "RETRYCOUNT",
    "1",
    "FORCE",
    "JUSTID",
    "LASTID",
    formatId(group.lastId),
  ]);
}

/** The consumer's own pending entries from `start`: delivered again (deleted ones as nil). */
function deliverHistory(
  client: Client,
  key: string,
  stream: Stream,
  group: ConsumerGroup,
  consumer: Consumer,
  start: StreamId,
  count: number,
): void {
  const { server, db, reply } = client;
  const chosen: StreamId[] = [];
  for (const [id] of consumer.pending.entries()) {
    if (id < start) continue;
    chosen.push(id);
    if (chosen.length === count) break;
  }
  reply.array(chosen.length);
  const name = groupNameOf(stream, group);
  for (const id of chosen) {
    const fields = stream.fieldsOf(id);
    if (!fields) {
      reply.array(2);
      reply.bulk(formatId(id));
      reply.nullArray();
      continue;
    }
    writeEntry(reply, id, fields);
    const entry = consumer.pending.get(id);
    if (!entry) continue;
    entry.deliveredAt = server.now;
    entry.deliveries++;
    server.propagate(db.index, claimRecord(key, name, consumer.name, id, entry.deliveredAt, entry.deliveries));
  }
}

function groupNameOf(stream: Stream, group: ConsumerGroup): string {
  for (const [name, candidate] of stream.groups) if (candidate === group) return name;
  return "";
}

/** How the append-only file records a pending entry's owner, time and deliveries (as Redis does). */
function claimRecord(key: string, group: string, consumer: string, id: StreamId, at: number, deliveries: number) {
  return [
    "XCLAIM",
    key,
    group,
    consumer,
    "0",
    formatId(id),
    "TIME",
    String(at),
    "RETRYCOUNT",
    String(deliveries),
    "FORCE",
    "JUSTID",
  ];
}

function xack(client: Client, args: string[]): void {
  const [, key, name] = args as [string, string, string];
  const stream = streamAt(client, key);
  const ids = args.slice(3).map(strictId);
  const group = groupOf(stream, name);
  let acknowledged = 0;
  if (group) for (const id of ids) if (group.acknowledge(id)) acknowledged++;
  if (acknowledged > 0) client.server.propagate(client.db.index, args);
  client.reply.integer(acknowledged);
}

/** XPENDING key group [[IDLE min-idle] start end count [consumer]]. */
function xpending(client: Client, args: string[]): void {
  const [, key, name] = args as [string, string, string];
  const summary = args.length === 3;
  if (!summary && (args.length < 6 || args.length > 9)) throw syntaxError();
  let minIdle = 0;
  let start = MIN_ID;
  let end = MAX_ID;
  let count = 0;
  let consumerName: string | null = null;
  if (!summary) {
    let at = 3;
    if (isWord(args, 3, "IDLE")) {
      minIdle = integerArg(args[4] as string);
      if (args.length < 8) throw syntaxError();
      at = 5;
    }
    count = Math.max(0, integerArg(args[at + 2] as string));
    start = intervalBound(args[at] as string, 0n, true);
    end = intervalBound(args[at + 1] as string, MAX_PART, false);
    if (at + 3 < args.length) consumerName = args[at + 3] as string;
  }
  const stream = streamAt(client, key);
  const group = groupOf(stream, name);
  if (!group) throw noGroup(key, name);
  const { reply, server } = client;
  if (summary) {
    reply.array(4);
    reply.integer(group.pending.size);
    if (group.pending.size === 0) {
      reply.nullBulk();
      reply.nullBulk();
      reply.nullArray();
      return;
    }
    reply.bulk(formatId(group.pending.first() as StreamId));
    reply.bulk(formatId(group.pending.lastId() as StreamId));
    const owners = [...group.consumers.values()].filter((c) => c.pending.size > 0).sort(byName);
    reply.array(owners.length);
    for (const consumer of owners) {
      reply.array(2);
      reply.bulk(consumer.name);
      reply.bulk(String(consumer.pending.size));
    }
    return;
  }
  let pending = group.pending;
  if (consumerName !== null) {
    const consumer = group.consumers.get(consumerName);
    if (!consumer) {
      reply.array(0);
      return;
    }
    pending = consumer.pending;
  }
  const rows: [StreamId, string, number, number][] = [];
  for (const [id, entry] of pending.entries()) {
    if (rows.length === count || id > end) break;
    if (id < start) continue;
    const idle = Math.max(0, server.now - entry.deliveredAt);
    if (minIdle && idle < minIdle) continue;
    rows.push([id, entry.consumer.name, idle, entry.deliveries]);
  }
  reply.array(rows.length);
  for (const [id, consumer, idle, deliveries] of rows) {
    reply.array(4);
    reply.bulk(formatId(id));
    reply.bulk(consumer);
    reply.integer(idle);
    reply.integer(deliveries);
  }
}

/** Consumers in the order Redis keeps them (a radix tree: by name, byte by byte). */
function byName(a: Consumer, b: Consumer): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** XCLAIM key group consumer min-idle id … [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id]. */
function xclaim(client: Client, args: string[]): void {
  const [, key, name, consumerName] = args as [string, string, string, string];
  const stream = streamAt(client, key);
  const group = groupOf(stream, name);
  if (!stream || !group) throw noGroup(key, name);
  const minIdleValue = parseInt64(args[4] as string);
  if (minIdleValue === null) throw new RedisError("ERR Invalid min-idle-time argument for XCLAIM");
  const minIdle = Math.max(0, Number(minIdleValue));
  const ids: StreamId[] = [];
  let i = 5;
  for (; i < args.length; i++) {
    try {
      ids.push(strictId(args[i] as string));
    } catch {
      break;
    }
  }
  const { server, db, reply } = client;
  const now = server.now;
  let deliveredAt = -1;
  let retryCount = -1;
  let force = false;
  let justId = false;
  let lastId = MIN_ID;
  const option = (label: string) => {
    const value = parseInt64(args[++i] as string);
    if (value === null) throw new RedisError(`ERR Invalid ${label} option argument for XCLAIM`);
    return Number(value);
  };
  for (; i < args.length; i++) {
    const more = args.length - 1 - i;
    const word = (args[i] as string).toUpperCase();
    if (word === "FORCE") force = true;
    else if (word === "JUSTID") justId = true;
    else if (word === "IDLE" && more > 0) deliveredAt = now - option("IDLE");
    else if (word === "TIME" && more > 0) deliveredAt = option("TIME");
    else if (word === "RETRYCOUNT" && more > 0) retryCount = option("RETRYCOUNT");
    else if (word === "LASTID" && more > 0) lastId = strictId(args[++i] as string);
    else throw new RedisError(`ERR Unrecognized XCLAIM option '${args[i]}'`);
  }
  if (lastId > group.lastId) {
    group.lastId = lastId;
    server.propagate(db.index, ["XGROUP", "SETID", key, name, formatId(lastId)]);
  }
  if (deliveredAt < 0 || deliveredAt > now) deliveredAt = now;
  const claimed: StreamId[] = [];
  let consumer: Consumer | null = null;
  for (const id of ids) {
    let entry = group.pending.get(id);
    if (!stream.fieldsOf(id)) {
      if (entry && group.acknowledge(id)) server.propagate(db.index, ["XACK", key, name, formatId(id)]);
      continue;
    }
    const created = !entry && force;
    if (!entry && !force) continue;
    if (!created && entry && minIdle && now - entry.deliveredAt < minIdle) continue;
    consumer ??= group.consumer(consumerName, now);
    const deliveries = retryCount >= 0 ? retryCount : created ? 1 : (entry?.deliveries ?? 0) + (justId ? 0 : 1);
    entry = group.deliver(id, consumer, deliveredAt, deliveries);
    consumer.seenAt = now;
    claimed.push(id);
    server.propagate(db.index, claimRecord(key, name, consumer.name, id, entry.deliveredAt, entry.deliveries));
  }
  reply.array(claimed.length);
  for (const id of claimed) {
    if (justId) reply.bulk(formatId(id));
    else writeEntry(reply, id, stream.fieldsOf(id) as string[]);
  }
}

const AUTOCLAIM_ATTEMPTS_PER_ENTRY = 10;

/** XAUTOCLAIM key group consumer min-idle start [COUNT n] [JUSTID]. */
function xautoclaim(client: Client, args: string[]): void {
  const [, key, name, consumerName] = args as [string, string, string, string];
  const minIdleValue = parseInt64(args[4] as string);
  if (minIdleValue === null) throw new RedisError("ERR Invalid min-idle-time argument for XAUTOCLAIM");
  const minIdle = Math.max(0, Number(minIdleValue));
  const start = intervalBound(args[5] as string, 0n, true);
  let count = 100;
  let justId = false;
  for (let i = 6; i < args.length; i++) {
    const more = args.length - 1 - i;
    if (isWord(args, i, "COUNT") && more > 0) {
      const value = parseInt64(args[++i] as string);
      if (value === null || value < 1n || value > 922337203685477580n) throw new RedisError("ERR COUNT must be > 0");
      count = Number(value);
    } else if (isWord(args, i, "JUSTID")) justId = true;
    else throw syntaxError();
  }
  const stream = streamAt(client, key);
  const group = groupOf(stream, name);
  if (!stream || !group) throw noGroup(key, name);
  const { server, db, reply } = client;
  const now = server.now;
  const candidates: StreamId[] = [];
  for (const [id] of group.pending.entries()) if (id >= start) candidates.push(id);
  let attempts = count * AUTOCLAIM_ATTEMPTS_PER_ENTRY;
  let consumer: Consumer | null = null;
  const claimed: [StreamId, string[]][] = [];
  const deleted: StreamId[] = [];
  let at = 0;
  for (; attempts > 0 && count > 0 && at < candidates.length; attempts--, at++) {
    const id = candidates[at] as StreamId;
    const fields = stream.fieldsOf(id);
    if (!fields) {
      group.acknowledge(id);
      server.propagate(db.index, ["XACK", key, name, formatId(id)]);
      deleted.push(id);
      count--;
      continue;
    }
    const entry = group.pending.get(id);
    if (!entry || (minIdle && now - entry.deliveredAt < minIdle)) continue;
    consumer ??= group.consumer(consumerName, now);
    group.deliver(id, consumer, now, entry.deliveries + (justId ? 0 : 1));
    claimed.push([id, fields]);
    count--;
    server.propagate(db.index, claimRecord(key, name, consumer.name, id, now, entry.deliveries));
  }
  reply.array(3);
  reply.bulk(formatId(candidates[at] ?? MIN_ID));
  if (justId) reply.bulkArray(claimed.map(([id]) => formatId(id)));
  else writeEntries(reply, claimed);
  reply.bulkArray(deleted.map(formatId));
}

/** XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id]: how a rewritten file restores a stream's counters. */
function xsetid(client: Client, args: string[]): void {
  const key = args[1] as string;
  const lastId = strictId(args[2] as string);
  let entriesAdded = -1;
  let maxDeletedId: StreamId | null = null;
  for (let i = 3; i < args.length; i += 2) {
    if (i + 1 >= args.length) throw syntaxError();
    if (isWord(args, i, "ENTRIESADDED")) {
      entriesAdded = integerArg(args[i + 1] as string);
      if (entriesAdded < 0) throw new RedisError("ERR entries_added must be positive");
    } else if (isWord(args, i, "MAXDELETEDID")) maxDeletedId = strictId(args[i + 1] as string);
    else throw syntaxError();
  }
  const stream = streamAt(client, key);
  if (!stream) throw new RedisError("ERR no such key");
  if (stream.length > 0 && lastId < (stream.range(MIN_ID, MAX_ID, 1, true)[0]?.[0] ?? MIN_ID)) {
    throw new RedisError("ERR The ID specified in XSETID is smaller than the target stream top item");
  }
  if (entriesAdded >= 0 && entriesAdded < stream.length) {
    throw new RedisError("ERR The entries_added specified in XSETID is smaller than the target stream length");
  }
  stream.lastId = lastId;
  if (entriesAdded >= 0) stream.entriesAdded = entriesAdded;
  if (maxDeletedId !== null) stream.maxDeletedId = maxDeletedId;
  client.server.propagate(client.db.index, args);
  client.reply.ok();
}

function xinfoConsumers(client: Client, args: string[]): void {
  const [, , key, name] = args as [string, string, string, string];
  const stream = streamAt(client, key);
  if (!stream) throw new RedisError("ERR no such key");
  const group = stream.groups.get(name);
  if (!group) throw new RedisError(`NOGROUP No such consumer group '${name}' for key name '${key}'`);
  const { reply, server } = client;
  const consumers = [...group.consumers.values()].sort(byName);
  reply.array(consumers.length);
  for (const consumer of consumers) {
    reply.map(3);
    reply.bulk("name");
    reply.bulk(consumer.name);
    reply.bulk("pending");
    reply.integer(consumer.pending.size);
    reply.bulk("idle");
    reply.integer(Math.max(0, server.now - consumer.seenAt));
  }
}

export const streamCommands: CommandSpec[] = [
  { name: "xadd", arity: -5, run: xadd },
  { name: "xtrim", arity: -4, run: xtrim },
  { name: "xdel", arity: -3, run: xdel },
  { name: "xlen", arity: 2, run: xlen },
  { name: "xrange", arity: -4, run: xrange(false) },
  { name: "xrevrange", arity: -4, run: xrange(true) },
  { name: "xreadgroup", arity: -7, run: xreadgroup },
  { name: "xack", arity: -4, run: xack },
  { name: "xpending", arity: -3, run: xpending },
  { name: "xclaim", arity: -6, run: xclaim },
  { name: "xautoclaim", arity: -6, run: xautoclaim },
  { name: "xsetid", arity: -3, run: xsetid },
  {
    name: "xgroup",
    arity: -2,
    subcommands: [
      { name: "create", arity: -5, run: xgroupCreate },
      { name: "setid", arity: -5, run: xgroupSetId },
      { name: "destroy", arity: 4, run: xgroupDestroy },
      { name: "createconsumer", arity: 5, run: xgroupCreateConsumer },
      { name: "delconsumer", arity: 5, run: xgroupDeleteConsumer },
    ],
  },
  {
    name: "xinfo",
    arity: -2,
    subcommands: [{ name: "consumers", arity: 4, run: xinfoConsumers }],
  },
];

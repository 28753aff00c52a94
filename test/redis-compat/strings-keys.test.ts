import { describe, it } from "vitest";
import { commands, expectSameReplies, realRedisMissing, skippedBecause, useBothServers } from "./harness.js";

useBothServers();

describe.skipIf(realRedisMissing !== null)(`strings and keys, embedded vs redis-server${skippedBecause}`, () => {
  for (const protocol of [2, 3] as const) {
    it(`GET, SET with its options and their errors, GETDEL (RESP${protocol})`, async () => {
      await expectSameReplies(
        commands(protocol, [
          ["GET", "missing"],
          ["SET", "k", "v"],
          ["GET", "k"],
          ["SET", "k", "w", "NX"],
          ["SET", "k", "w", "XX", "GET"],
          ["SET", "fresh", "x", "XX"],
          ["SET", "fresh", "x", "NX", "GET"],
          ["SET", "k", "v", "NX", "XX"],
          ["SET", "k", "v", "EX", "10", "PX", "100"],
          ["SET", "k", "v", "KEEPTTL", "EX", "1"],
          ["SET", "k", "v", "NX", "NX"],
          ["SET", "k", "v", "EX", "0"],
          ["SET", "k", "v", "EX", "-5"],
          ["SET", "k", "v", "PX", "soon"],
          ["SET", "k", "v", "EX", "9223372036854775"],
          ["SET", "k", "v", "PX", "9223372036854775807"],
          ["SET", "k", "v", "EX"],
          ["SET", "k", "v", "FOO"],
          ["SET", "k"],
          ["GETDEL", "k"],
          ["GETDEL", "k"],
          ["SET", "binary", "a\r\nb\u0000c\u00ff"],
          ["GET", "binary"],
          ["GET", "a", "b"],
        ]),
      );
    });

    it(`INCR, INCRBY, DECR and their overflow and type errors (RESP${protocol})`, async () => {
      await expectSameReplies(
        commands(protocol, [
          ["INCR", "n"],
          ["INCRBY", "n", "41"],
          ["DECR", "n"],
          ["INCRBY", "n", "-100"],
          ["INCRBY", "n", "x"],
          ["SET", "n", "9223372036854775806"],
          ["INCR", "n"],
          ["INCR", "n"],
          ["SET", "n", " 1"],
          ["INCR", "n"],
          ["SET", "n", "01"],
          ["INCR", "n"],
          ["SET", "n", "-0"],
          ["INCR", "n"],
          ["SET", "n", "1.5"],
          ["INCR", "n"],
          ["XADD", "stream", "1-1", "f", "v"],
          ["INCR", "stream"],
          ["GET", "stream"],
        ]),
      );
    });

    it(`EXPIRE and PEXPIRE with NX, XX, GT, LT; TTL and PTTL edge cases (RESP${protocol})`, async () => {
      await expectSameReplies(
        commands(protocol, [
          ["TTL", "missing"],
          ["PTTL", "missing"],
          ["EXPIRE", "missing", "10"],
          ["SET", "k", "v"],
          ["TTL", "k"],
          ["EXPIRE", "k", "10", "XX"],
          ["EXPIRE", "k", "10", "GT"],
          ["EXPIRE", "k", "10", "LT"],
          ["TTL", "k"],
          ["EXPIRE", "k", "20", "NX"],
          ["EXPIRE", "k", "5", "GT"],
          ["EXPIRE", "k", "20", "GT"],
          ["TTL", "k"],
          ["PEXPIRE", "k", "1500", "XX", "LT"],
          { args: ["PTTL", "k"], between: [1400, 1500] },
          ["EXPIRE", "k", "10", "NX", "XX"],
          ["EXPIRE", "k", "10", "GT", "LT"],
          ["EXPIRE", "k", "10", "SOON"],
          ["EXPIRE", "k", "ten"],
          ["EXPIRE", "k", "9223372036854775807"],
          ["PEXPIRE", "k", "9223372036854775807"],
          ["SET", "k", "v", "PX", "100"],
          { args: ["PTTL", "k"], between: [50, 100] },
          ["TTL", "k"],
          { sleep: 250 },
          ["GET", "k"],
          ["TTL", "k"],
          ["SET", "k", "v", "EX", "100"],
          ["SET", "k", "w", "KEEPTTL"],
          ["TTL", "k"],
          ["SET", "k", "x"],
          ["TTL", "k"],
          ["INCR", "counter"],
          ["PEXPIRE", "counter", "60000", "NX"],
          ["INCR", "counter"],
          ["PEXPIRE", "counter", "10", "NX"],
          ["TTL", "counter"],
          ["EXPIRE", "counter", "-1"],
          ["EXISTS", "counter"],
          ["SET", "gone", "v", "PXAT", "1"],
          ["EXISTS", "gone"],
          ["SET", "k", "v"],
          ["PERSIST", "k"],
          ["EXPIRE", "k", "100"],
          ["PERSIST", "k"],
          ["TTL", "k"],
        ]),
      );
    });

    it(`DEL, EXISTS, TYPE, KEYS with patterns, SELECT, DBSIZE, FLUSHDB (RESP${protocol})`, async () => {
      await expectSameReplies(
        commands(protocol, [
          ["SET", "user:1", "a"],
          ["SET", "user:2", "b"],
          ["SET", "item:1", "c"],
          ["XADD", "events", "1-1", "f", "v"],
          ["EXISTS", "user:1", "user:1", "nobody"],
          ["TYPE", "user:1"],
          ["TYPE", "events"],
          ["TYPE", "nobody"],
          ["KEYS", "user:[^2]"],
          ["KEYS", "it?m:*"],
          ["KEYS", "user:\\*"],
          ["DEL", "user:1", "user:1", "nobody"],
          ["DBSIZE"],
          ["SELECT", "3"],
          ["GET", "user:2"],
          ["DBSIZE"],
          ["SELECT", "16"],
          ["SELECT", "three"],
          ["SELECT", "0"],
          ["FLUSHDB", "SOON"],
          ["FLUSHDB"],
          ["DBSIZE"],
          ["SCAN", "abc"],
          ["SCAN", "0", "COUNT", "0"],
          ["SCAN", "0", "FOO", "x"],
        ]),
      );
    });

    it(`PING, ECHO, HELLO, CLIENT and unknown commands, with Redis's error text (RESP${protocol})`, async () => {
      await expectSameReplies(
        commands(protocol, [
          ["PING"],
          ["PING", "hello"],
          ["PING", "a", "b"],
          ["ECHO", "同"],
          ["NOSUCH", "a", "b"],
          ["NOSUCH", "x".repeat(200), "y"],
          ["HELLO", "4"],
          ["HELLO", "three"],
          ["HELLO", String(protocol), "FOO"],
          ["CLIENT", "SETNAME", "has space"],
          ["CLIENT", "SETNAME", "worker-1"],
          ["CLIENT", "GETNAME"],
          ["CLIENT", "NOSUCH"],
          ["CLIENT"],
          ["GET"],
        ]),
      );
    });
  }
});

import { describe, expect, it } from "vitest";
import {
  commands,
  expectSameReplies,
  maskIdle,
  maskTimes,
  onBoth,
  realRedisMissing,
  skippedBecause,
  useBothServers,
} from "./harness.js";

useBothServers();

describe.skipIf(realRedisMissing !== null)(
  `streams and consumer groups, embedded vs redis-server${skippedBecause}`,
  () => {
    for (const protocol of [2, 3] as const) {
      it(`XADD IDs (explicit, ms-*, errors), MAXLEN =, NOMKSTREAM, XLEN, XRANGE, XDEL, XTRIM (RESP${protocol})`, async () => {
        await expectSameReplies(
          commands(protocol, [
            ["XADD", "s", "0-0", "f", "v"],
            ["XADD", "s", "0", "f", "v"],
            ["XADD", "s", "0-*", "f", "v"],
            ["XADD", "s", "5", "f", "v"],
            ["XADD", "s", "5", "f", "v"],
            ["XADD", "s", "5-*", "f", "v"],
            ["XADD", "s", "4-*", "f", "v"],
            ["XADD", "s", "5-3", "f", "v", "g", "w"],
            ["XADD", "s", "1-1-1", "f", "v"],
            ["XADD", "s", "18446744073709551616-0", "f", "v"],
            ["XADD", "s", "bad", "f"],
            ["XADD", "s", "9-9", "f"],
            ["XADD", "s", "MAXLEN", "-1", "*", "f", "v"],
            ["XADD", "s", "MAXLEN", "1", "LIMIT", "5", "*", "f", "v"],
            ["XADD", "s", "MAXLEN", "1", "MINID", "1", "*", "f", "v"],
            ["XADD", "nostream", "NOMKSTREAM", "*", "f", "v"],
            ["EXISTS", "nostream"],
            ["XLEN", "s"],
            ["XRANGE", "s", "-", "+"],
            ["XRANGE", "s", "5", "5"],
            ["XRANGE", "s", "(5-0", "+", "COUNT", "1"],
            ["XRANGE", "s", "-", "+", "COUNT", "0"],
            ["XRANGE", "s", "(+", "+"],
            ["XREVRANGE", "s", "+", "-", "COUNT", "2"],
            ["XRANGE", "s", "x", "+"],
            ["XADD", "s", "MAXLEN", "=", "2", "6-1", "f", "v"],
            ["XRANGE", "s", "-", "+"],
            ["XDEL", "s", "5-3", "5-3", "1-1"],
            ["XDEL", "s", "bad"],
            ["XLEN", "s"],
            ["XADD", "s", "7-1", "a", "1"],
            ["XADD", "s", "7-2", "a", "2"],
            ["XTRIM", "s", "MAXLEN", "2"],
            ["XTRIM", "s", "MINID", "7-2"],
            ["XTRIM", "s", "MAXLEN", "=", "0"],
            ["XLEN", "s"],
            ["XTRIM", "s", "FOO", "1"],
            ["XTRIM", "s", "MAXLEN", "x"],
            ["XTRIM", "s", "MAXLEN", "1", "LIMIT", "1"],
            ["XADD", "s", "7-2", "f", "v"],
            ["XADD", "s", "7-3", "f", "v"],
            ["XTRIM", "missing", "MAXLEN", "0"],
            ["SET", "str", "v"],
            ["XADD", "str", "*", "f", "v"],
            ["XLEN", "str"],
          ]),
        );
      });

      it(`XADD * makes rising IDs, and MAXLEN ~ keeps at least the threshold (RESP${protocol})`, async () => {
        const { real, embedded } = await onBoth(
          commands(protocol, [
            ["XADD", "s", "*", "n", "1"],
            ["XADD", "s", "*", "n", "2"],
            ["XADD", "s", "MAXLEN", "~", "1", "*", "n", "3"],
            ["XLEN", "s"],
          ]),
        );
        // Same shape (the IDs carry each server's clock), rising; Redis's ~ may keep more than asked.
        expect(embedded.slice(0, 4).map(maskTimes)).toEqual(real.slice(0, 4).map(maskTimes));
        const ids = embedded.slice(1, 4).map((reply) => reply.split("\r\n")[1] ?? "");
        const [ms, seq] = [ids.map((id) => Number(id.split("-")[0])), ids.map((id) => Number(id.split("-")[1]))];
        for (let i = 1; i < ids.length; i++) {
          expect((ms[i] ?? 0) > (ms[i - 1] ?? 0) || (ms[i] === ms[i - 1] && (seq[i] ?? 0) > (seq[i - 1] ?? 0))).toBe(
            true,
          );
        }
        expect(Number(embedded[4]?.slice(1))).toBeGreaterThanOrEqual(1);
      });

      it(`consumer groups: CREATE with MKSTREAM and $, XREADGROUP new and history, XACK, XPENDING in both forms (RESP${protocol})`, async () => {
        await expectSameReplies(
          commands(protocol, [
            ["XGROUP", "CREATE", "jobs", "workers", "0"],
            ["XGROUP", "CREATE", "jobs", "workers", "0", "MKSTREAM"],
            ["XGROUP", "CREATE", "jobs", "workers", "0", "MKSTREAM"],
            ["XGROUP", "CREATE", "jobs", "late", "$"],
            ["XGROUP", "CREATE", "jobs", "g", "0", "FOO"],
            ["XGROUP", "CREATE", "jobs"],
            ["XGROUP", "NOSUCH", "jobs", "g"],
            ["XLEN", "jobs"],
            ["XREADGROUP", "GROUP", "workers", "alice", "STREAMS", "jobs", ">"],
            ["XADD", "jobs", "1-1", "job", "a"],
            ["XADD", "jobs", "1-2", "job", "b"],
            ["XADD", "jobs", "1-3", "job", "c"],
            ["XREADGROUP", "GROUP", "workers", "alice", "COUNT", "2", "STREAMS", "jobs", ">"],
            ["XREADGROUP", "GROUP", "workers", "bob", "STREAMS", "jobs", ">"],
            ["XREADGROUP", "GROUP", "workers", "bob", "STREAMS", "jobs", ">"],
            ["XREADGROUP", "GROUP", "late", "carol", "STREAMS", "jobs", ">"],
            ["XPENDING", "jobs", "workers"],
            ["XPENDING", "jobs", "late"],
            { args: ["XPENDING", "jobs", "workers", "-", "+", "10", "alice"], normalize: maskIdle },
            { args: ["XPENDING", "jobs", "workers", "-", "+", "10", "nobody"], normalize: maskIdle },
            { args: ["XPENDING", "jobs", "workers", "(1-1", "+", "1"], normalize: maskIdle },
            { args: ["XPENDING", "jobs", "workers", "-", "+"], normalize: maskIdle },
            { args: ["XPENDING", "jobs", "workers", "IDLE", "x", "-", "+", "1"], normalize: maskIdle },
            ["XPENDING", "jobs", "nogroup"],
            ["XPENDING", "missing", "workers"],
            ["XREADGROUP", "GROUP", "workers", "alice", "STREAMS", "jobs", "0"],
            ["XDEL", "jobs", "1-2"],
            ["XREADGROUP", "GROUP", "workers", "alice", "STREAMS", "jobs", "0"],
            ["XACK", "jobs", "workers", "1-1", "1-1", "9-9"],
            ["XACK", "jobs", "workers", "bad"],
            ["XACK", "jobs", "nogroup", "1-1"],
            ["XPENDING", "jobs", "workers"],
            ["XREADGROUP", "GROUP", "workers", "alice", "STREAMS", "jobs", "$"],
            ["XREADGROUP", "GROUP", "workers", "alice", "STREAMS", "jobs"],
            ["XREADGROUP", "GROUP", "nogroup", "alice", "STREAMS", "jobs", ">"],
            ["XREADGROUP", "GROUP", "workers", "alice", "BLOCK", "-1", "STREAMS", "jobs", ">"],
            ["XREADGROUP", "GROUP", "workers", "alice", "BLOCK", "soon", "STREAMS", "jobs", ">"],
            ["XREADGROUP", "GROUP", "workers", "alice", "BLOCK", "50", "STREAMS", "jobs", ">"],
            ["XREADGROUP", "GROUP", "workers", "alice", "NOACK", "STREAMS", "jobs", ">"],
            ["XADD", "jobs", "2-1", "job", "d"],
            ["XREADGROUP", "GROUP", "workers", "alice", "NOACK", "STREAMS", "jobs", ">"],
            ["XPENDING", "jobs", "workers"],
            { args: ["XINFO", "CONSUMERS", "jobs", "workers"], normalize: maskIdle },
            ["XGROUP", "CREATECONSUMER", "jobs", "workers", "dave"],
            ["XGROUP", "CREATECONSUMER", "jobs", "workers", "dave"],
            ["XGROUP", "DELCONSUMER", "jobs", "workers", "bob"],
            ["XGROUP", "DELCONSUMER", "jobs", "nogroup", "bob"],
            ["XPENDING", "jobs", "workers"],
            ["XGROUP", "SETID", "jobs", "workers", "0"],
            ["XREADGROUP", "GROUP", "workers", "erin", "COUNT", "1", "STREAMS", "jobs", ">"],
            ["XGROUP", "DESTROY", "jobs", "late"],
            ["XGROUP", "DESTROY", "jobs", "late"],
            ["XGROUP", "SETID", "jobs", "late", "0"],
            ["XGROUP", "SETID", "missing", "late", "0"],
          ]),
        );
      });

      it(`XAUTOCLAIM and XCLAIM: idle times, deleted entries, the cursor, JUSTID (RESP${protocol})`, async () => {
        await expectSameReplies(
          commands(protocol, [
            ["XGROUP", "CREATE", "q", "g", "0", "MKSTREAM"],
            ["XADD", "q", "1-1", "n", "1"],
            ["XADD", "q", "1-2", "n", "2"],
            ["XADD", "q", "1-3", "n", "3"],
            ["XADD", "q", "1-4", "n", "4"],
            ["XREADGROUP", "GROUP", "g", "crashed", "STREAMS", "q", ">"],
            ["XAUTOCLAIM", "q", "g", "rescuer", "100000", "0"],
            { args: ["XINFO", "CONSUMERS", "q", "g"], normalize: maskIdle },
            ["XDEL", "q", "1-2"],
            { sleep: 30 },
            ["XAUTOCLAIM", "q", "g", "rescuer", "10", "0", "COUNT", "2"],
            ["XAUTOCLAIM", "q", "g", "rescuer", "10", "1-3", "COUNT", "5", "JUSTID"],
            ["XPENDING", "q", "g"],
            ["XAUTOCLAIM", "q", "g", "rescuer", "0", "(1-4"],
            ["XAUTOCLAIM", "q", "g", "rescuer", "0", "0", "COUNT", "0"],
            ["XAUTOCLAIM", "q", "g", "rescuer", "soon", "0"],
            ["XAUTOCLAIM", "q", "g", "rescuer", "0", "bad"],
            ["XAUTOCLAIM", "q", "g", "rescuer", "0", "0", "FOO"],
            ["XAUTOCLAIM", "q", "nogroup", "rescuer", "0", "0"],
            ["XCLAIM", "q", "g", "other", "0", "1-1", "JUSTID"],
            ["XCLAIM", "q", "g", "other", "0", "1-3", "RETRYCOUNT", "7"],
            ["XCLAIM", "q", "g", "other", "0", "1-2", "FORCE"],
            ["XCLAIM", "q", "g", "other", "0", "1-1", "FOO"],
            ["XCLAIM", "missing", "g", "other", "0", "1-1"],
            ["XPENDING", "q", "g"],
          ]),
        );
      });

      it(`a blocked XREADGROUP is woken by XADD on another connection, and one with a deadline times out (RESP${protocol})`, async () => {
        await expectSameReplies(async (open) => {
          const reader = await open();
          const writer = await open();
          const transcript = [await reader.call("HELLO", String(protocol)).then((r) => r.slice(0, 1))];
          transcript.push(await writer.call("XGROUP", "CREATE", "feed", "g", "$", "MKSTREAM"));
          reader.write(["XREADGROUP", "GROUP", "g", "r", "BLOCK", "0", "STREAMS", "feed", ">"]);
          transcript.push(String(await reader.nothingWithin(150)));
          transcript.push(await writer.call("XADD", "feed", "5-1", "scan", "1"));
          transcript.push(await reader.next());
          transcript.push(await writer.call("XPENDING", "feed", "g"));
          reader.write(["XREADGROUP", "GROUP", "g", "r", "BLOCK", "100", "STREAMS", "feed", ">"]);
          transcript.push(await reader.next());
          transcript.push(await reader.call("PING"));
          return transcript;
        });
      });
    }
  },
);

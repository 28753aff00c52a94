import { describe, it } from "vitest";
import { commands, expectSameReplies, realRedisMissing, skippedBecause, useBothServers } from "./harness.js";

useBothServers();

describe.skipIf(realRedisMissing !== null)(
  `pub/sub and transactions, embedded vs redis-server${skippedBecause}`,
  () => {
    for (const protocol of [2, 3] as const) {
      it(`SUBSCRIBE, PSUBSCRIBE, PUBLISH, UNSUBSCRIBE; what a subscribed connection may run (RESP${protocol})`, async () => {
        await expectSameReplies(async (open) => {
          const listener = await open();
          const publisher = await open();
          const transcript = [await listener.call("HELLO", String(protocol)).then((reply) => reply.slice(0, 1))];
          transcript.push(await listener.call("SUBSCRIBE", "venue-feed:1", "venue-feed:2"));
          transcript.push(await listener.next());
          transcript.push(await listener.call("PSUBSCRIBE", "venue-feed:*"));
          transcript.push(await publisher.call("PUBLISH", "venue-feed:1", "扫码"));
          transcript.push(await listener.next());
          transcript.push(await listener.next());
          transcript.push(await publisher.call("PUBLISH", "nobody-listens", "x"));
          transcript.push(await listener.call("PING"));
          transcript.push(await listener.call("GET", "k"));
          transcript.push(await listener.call("UNSUBSCRIBE", "venue-feed:1", "never-subscribed"));
          transcript.push(await listener.next());
          transcript.push(await listener.call("PUNSUBSCRIBE"));
          transcript.push(await listener.call("UNSUBSCRIBE"));
          transcript.push(await listener.call("UNSUBSCRIBE"));
          transcript.push(await publisher.call("PUBLISH", "venue-feed:2", "after"));
          transcript.push(await listener.call("PING"));
          return transcript;
        });
      });

      it(`MULTI/EXEC as the rate limiter sends it, queued errors, EXECABORT, DISCARD (RESP${protocol})`, async () => {
        await expectSameReplies(
          commands(protocol, [
            ["MULTI"],
            ["INCR", "rate:user:1"],
            ["PEXPIRE", "rate:user:1", "60000", "NX"],
            { args: ["PTTL", "rate:user:1"], between: [59_000, 60_000] },
            { args: ["EXEC"], normalize: (reply) => reply.replace(/:(5\d{4}|60000)\r\n$/, ":<ttl>\r\n") },
            ["MULTI"],
            ["INCR", "rate:user:1"],
            ["PEXPIRE", "rate:user:1", "60000", "NX"],
            { args: ["EXEC"], normalize: (reply) => reply },
            ["MULTI"],
            ["MULTI"],
            ["SET", "k", "v"],
            ["INCR", "k"],
            ["GET", "k"],
            ["EXEC"],
            ["MULTI"],
            ["SET", "k", "v"],
            ["GET"],
            ["NOSUCH"],
            ["EXEC"],
            ["GET", "k"],
            ["EXEC"],
            ["DISCARD"],
            ["MULTI"],
            ["SET", "k", "discarded"],
            ["DISCARD"],
            ["GET", "k"],
            ["MULTI"],
            ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "nostream", ">"],
            ["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"],
            ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"],
            ["EXEC"],
          ]),
        );
      });
    }
  },
);

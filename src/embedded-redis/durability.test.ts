import { appendFile, mkdtemp, readFile, stat } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { startEmbeddedRedisAlone } from "../../test/support/redis.js";
import { type EmbeddedRedis, startEmbeddedRedis } from "./index.js";

const running: EmbeddedRedis[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
});

async function start(dir: string, options: { aofRewriteMinBytes?: number } = {}): Promise<EmbeddedRedis> {
  const server = await startEmbeddedRedis({ dir, ...options });
  running.push(server);
  return server;
}

async function withClient<T>(url: string, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url);
  try {
    return await use(client);
  } finally {
    client.disconnect();
  }
}

/** A stream with a group, a consumer holding one entry and one acknowledged, as the fan-out leaves it. */
async function fillStream(client: Redis): Promise<void> {
  await client.xgroup("CREATE", "jobs", "workers", "0", "MKSTREAM");
  for (let i = 1; i <= 3; i++) await client.xadd("jobs", `1-${i}`, "job", String(i));
  await client.xreadgroup("GROUP", "workers", "alice", "COUNT", 2, "STREAMS", "jobs", ">");
  await client.xack("jobs", "workers", "1-1");
  await client.xdel("jobs", "1-3");
}

async function streamState(client: Redis) {
  return {
    entries: await client.xrange("jobs", "-", "+"),
    pending: await client.xpending("jobs", "workers", "-", "+", 10),
    summary: await client.xpending("jobs", "workers"),
    next: await client.xreadgroup("GROUP", "workers", "bob", "STREAMS", "jobs", ">"),
  };
}

describe("the embedded Redis's append-only file", () => {
  it("keeps every acknowledged write through kill -9 of its process, TTLs as absolute deadlines", async () => {
    const dir = await mkdtemp(join(tmpdir(), "embedded-redis-"));
    const first = await startEmbeddedRedisAlone(dir);
    await withClient(first.url, async (client) => {
      for (let i = 0; i < 200; i++) await client.incr("counter");
      await client.set("session", "对话", "EX", 3600);
      await client.set("brief", "gone soon", "PX", 300);
      await fillStream(client);
    });
    const exited = new Promise((resolve) => first.child.once("exit", resolve));
    first.child.kill("SIGKILL");
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 400));

    const second = await startEmbeddedRedisAlone(dir);
    try {
      await withClient(second.url, async (client) => {
        expect(await client.get("counter")).toBe("200");
        expect(await client.get("session")).toBe("对话");
        expect(await client.ttl("session")).toBeGreaterThan(3590);
        expect(await client.exists("brief")).toBe(0);
        expect(await streamState(client)).toEqual({
          entries: [
            ["1-1", ["job", "1"]],
            ["1-2", ["job", "2"]],
          ],
          pending: [["1-2", "alice", expect.any(Number), 1]],
          summary: [1, "1-2", "1-2", [["alice", "1"]]],
          next: null,
        });
      });
    } finally {
      second.child.kill("SIGKILL");
    }
  }, 30_000);

  it("cuts off a command torn by a crash and keeps everything before it; files are private", async () => {
    const dir = await mkdtemp(join(tmpdir(), "embedded-redis-"));
    const first = await start(dir);
    await withClient(first.url, (client) => client.set("kept", "yes"));
    await first.stop();
    running.length = 0;
    await appendFile(join(dir, "appendonly.aof"), "*3\r\n$3\r\nSET\r\n$4\r\ntorn\r\n$10\r\nnot al");

    const second = await start(dir);
    expect(second.recovered.truncatedBytes).toBe(34);
    await withClient(second.url, async (client) => {
      expect(await client.get("kept")).toBe("yes");
      expect(await client.exists("torn")).toBe(0);
    });
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, "appendonly.aof"))).mode & 0o777).toBe(0o600);
  });

  it("rewrites itself when it has grown, and the rewritten file rebuilds the same data", async () => {
    const dir = await mkdtemp(join(tmpdir(), "embedded-redis-"));
    const first = await start(dir, { aofRewriteMinBytes: 20_000 });
    const before = await withClient(first.url, async (client) => {
      for (let i = 0; i < 2000; i++) await client.set("overwritten", String(i));
      await client.set("ttl", "v", "EX", 1000);
      await fillStream(client);
      await client.xgroup("CREATE", "empty", "g", "$", "MKSTREAM");
      return streamState(client);
    });
    await first.stop();
    running.length = 0;
    const size = (await stat(join(dir, "appendonly.aof"))).size;
    expect(size).toBeLessThan(20_000);

    const second = await start(dir);
    await withClient(second.url, async (client) => {
      expect(await client.get("overwritten")).toBe("1999");
      expect(await client.ttl("ttl")).toBeGreaterThan(990);
      const after = await streamState(client);
      expect({ ...after, pending: after.pending.length }).toEqual({ ...before, pending: before.pending.length });
      expect(await client.xlen("empty")).toBe(0);
      expect(await client.xadd("jobs", "*", "job", "4")).toMatch(/^\d+-\d+$/);
      await expect(client.xadd("jobs", "1-3", "job", "again")).rejects.toThrow("equal or smaller");
    });
    expect((await readFile(join(dir, "appendonly.aof"), "latin1")).startsWith("*2\r\n$6\r\nSELECT")).toBe(true);
  });
});

describe("the embedded Redis's expiry and protocol handling", () => {
  it("removes expired keys without being asked for them (active expiry)", async () => {
    const server = await start(await mkdtemp(join(tmpdir(), "embedded-redis-")));
    await withClient(server.url, async (client) => {
      for (let i = 0; i < 50; i++) await client.set(`short:${i}`, "v", "PX", 50);
      await client.set("long", "v");
      expect(await client.dbsize()).toBe(51);
      await new Promise((resolve) => setTimeout(resolve, 400));
      // DBSIZE counts keys without touching them, so only the active round can have removed them.
      expect(await client.dbsize()).toBe(1);
    });
  });

  it("answers malformed input with Redis's protocol error and keeps serving other clients", async () => {
    const server = await start(await mkdtemp(join(tmpdir(), "embedded-redis-")));
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(server.port, "127.0.0.1", () => socket.write("*1\r\n$abc\r\n"));
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("close", () => resolve(text));
    });
    expect(reply).toBe("-ERR Protocol error: invalid bulk length\r\n");
    await withClient(server.url, async (client) => expect(await client.ping()).toBe("PONG"));
  });

  it("reads commands split at any byte, and pipelined ones, in order", async () => {
    const server = await start(await mkdtemp(join(tmpdir(), "embedded-redis-")));
    const request = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPING\r\n";
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(server.port, "127.0.0.1", async () => {
        for (const byte of Buffer.from(request)) {
          socket.write(Buffer.from([byte]));
          await new Promise((r) => setImmediate(r));
        }
      });
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk.toString();
        if (text.endsWith("+PONG\r\n")) {
          socket.destroy();
          resolve(text);
        }
      });
    });
    expect(reply).toBe("+OK\r\n$5\r\nvalue\r\n+PONG\r\n");
  });
});

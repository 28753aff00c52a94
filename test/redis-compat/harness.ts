import { type ChildProcess, spawn } from "node:child_process";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, expect } from "vitest";
import { freePort } from "../../scripts/bench/support.js";
import { type EmbeddedRedis, startEmbeddedRedis } from "../../src/embedded-redis/index.js";
import { redisServerBinary } from "../support/redis.js";

/**
 * miniredis's integration idea: the same commands go to the embedded server and to a real
 * redis-server, and their replies must be the same bytes (errors included). The real server is
 * started on a free loopback port when redis-server is on PATH; without it the comparisons are
 * skipped, and their titles say why.
 */
export const realRedisMissing = redisServerBinary ? null : "redis-server is not on PATH";
export const skippedBecause = realRedisMissing ? ` (skipped: ${realRedisMissing})` : "";

/** A raw RESP connection: commands out, each reply back as the exact text the server wrote. */
export class RawConnection {
  private buffered = "";
  private waiting: { resolve: (reply: string) => void } | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffered += chunk.toString("latin1");
      this.deliver();
    });
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => resolve(new RawConnection(socket)));
      socket.once("error", reject);
    });
  }

  /** Sends a command and waits for its reply. */
  async call(...args: string[]): Promise<string> {
    this.write(args);
    return this.next();
  }

  write(args: string[]): void {
    this.socket.write(
      `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg, "latin1")}\r\n${arg}\r\n`).join("")}`,
      "latin1",
    );
  }

  /** The next reply (or push) from the server. */
  next(): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = { resolve };
      this.deliver();
    });
  }

  /** Whether a reply arrives within `ms` (for reads that must stay blocked). */
  async nothingWithin(ms: number): Promise<boolean> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.buffered === "";
  }

  close(): void {
    this.socket.destroy();
  }

  private deliver(): void {
    if (!this.waiting) return;
    const end = replyEnd(this.buffered, 0);
    if (end < 0) return;
    const reply = this.buffered.slice(0, end);
    this.buffered = this.buffered.slice(end);
    const { resolve } = this.waiting;
    this.waiting = null;
    resolve(reply);
  }
}

/** Where the reply starting at `at` ends, or -1 while it is incomplete. */
function replyEnd(text: string, at: number): number {
  const lineEnd = text.indexOf("\r\n", at);
  if (lineEnd < 0) return -1;
  const type = text[at];
  const header = text.slice(at + 1, lineEnd);
  const after = lineEnd + 2;
  switch (type) {
    case "$":
    case "=":
    case "!": {
      const length = Number(header);
      if (length < 0) return after;
      return text.length >= after + length + 2 ? after + length + 2 : -1;
    }
    case "*":
    case "~":
    case ">":
    case "%": {
      const count = Number(header) * (type === "%" ? 2 : 1);
      let position = after;
      for (let i = 0; i < count; i++) {
        position = replyEnd(text, position);
        if (position < 0) return -1;
      }
      return position;
    }
    default:
      return after;
  }
}

/** What a scenario produced on one server: its replies, in order, as text. */
export type Transcript = string[];
export type Scenario = (open: () => Promise<RawConnection>) => Promise<Transcript>;

interface Servers {
  embedded: EmbeddedRedis;
  realPort: number;
}

let servers: Servers | null = null;
let real: ChildProcess | null = null;

/** Starts the two servers for this test file (nothing when redis-server is missing). */
export function useBothServers(): void {
  beforeAll(async () => {
    if (realRedisMissing) return;
    const realPort = await freePort();
    real = spawn(
      redisServerBinary as string,
      ["--port", String(realPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    const embedded = await startEmbeddedRedis();
    servers = { embedded, realPort };
    for (let tries = 0; ; tries++) {
      try {
        (await RawConnection.open(realPort)).close();
        break;
      } catch (error) {
        if (tries > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  });
  afterAll(async () => {
    real?.kill("SIGTERM");
    await servers?.embedded.stop();
  });
}

/** Runs a scenario on one server, on a fresh keyspace, with the connections closed afterwards. */
async function run(port: number, scenario: Scenario): Promise<Transcript> {
  const opened: RawConnection[] = [];
  const open = async () => {
    const connection = await RawConnection.open(port);
    opened.push(connection);
    return connection;
  };
  const admin = await open();
  await admin.call("FLUSHALL");
  try {
    return await scenario(open);
  } finally {
    for (const connection of opened) connection.close();
  }
}

/** Both servers' transcripts of the scenario (the real server's first). */
export async function onBoth(scenario: Scenario): Promise<{ real: Transcript; embedded: Transcript }> {
  if (!servers) throw new Error("useBothServers() starts the servers; redis-server is missing");
  const realTranscript = await run(servers.realPort, scenario);
  const embeddedTranscript = await run(servers.embedded.port, scenario);
  return { real: realTranscript, embedded: embeddedTranscript };
}

/** Runs the scenario on both servers and expects the same transcript. */
export async function expectSameReplies(scenario: Scenario): Promise<Transcript> {
  const { real: realTranscript, embedded } = await onBoth(scenario);
  expect(embedded).toEqual(realTranscript);
  return realTranscript;
}

/**
 * A scenario that sends each command in turn on one connection, in RESP2 or RESP3, recording
 * every reply; `{ sleep }` waits, and a command whose reply is a time that runs on (PTTL) gives
 * `between`, and is recorded as the range when it falls in it (else as the value itself).
 */
export type Step =
  | string[]
  | { sleep: number }
  | { args: string[]; between: [number, number] }
  | { args: string[]; normalize: (reply: string) => string };

export function commands(protocol: 2 | 3, steps: Step[]): Scenario {
  return async (open) => {
    const connection = await open();
    const transcript: Transcript = [await connection.call("HELLO", String(protocol)).then(withoutServerDetails)];
    for (const step of steps) {
      if ("sleep" in step) await new Promise((resolve) => setTimeout(resolve, step.sleep));
      else if (Array.isArray(step)) transcript.push(await connection.call(...step));
      else if ("between" in step) transcript.push(inRange(await connection.call(...step.args), step.between));
      else transcript.push(step.normalize(await connection.call(...step.args)));
    }
    return transcript;
  };
}

/** HELLO's reply without the server's version and connection id, which differ by design. */
function withoutServerDetails(reply: string): string {
  return reply.replace(/version\r\n\$\d+\r\n[\d.]+/, "version").replace(/id\r\n:\d+/, "id");
}

function inRange(reply: string, [low, high]: [number, number]): string {
  const value = /^:(-?\d+)\r\n$/.exec(reply)?.[1];
  return value !== undefined && Number(value) >= low && Number(value) <= high ? `:[${low}, ${high}]` : reply;
}

/** Stream IDs made by `*` carry the server's clock. */
export function maskTimes(reply: string): string {
  return reply.replace(/\b\d{13}-\d+\b/g, "<id>");
}

/**
 * Idle times (milliseconds since a delivery or since a consumer was seen) in XPENDING's rows and
 * XINFO CONSUMERS, which depend on when each server got the command.
 */
export function maskIdle(reply: string): string {
  return reply
    .replace(/(\*4\r\n\$\d+\r\n\d+-\d+\r\n\$\d+\r\n[^\r]*\r\n):\d+\r\n/g, "$1:<idle>\r\n")
    .replace(/idle\r\n:\d+/g, "idle\r\n:<idle>");
}

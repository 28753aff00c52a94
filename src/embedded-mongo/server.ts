import { createServer, type Server, type Socket } from "node:net";
import type { Document } from "bson";
import { listen } from "../embedded-server/index.js";
import { runCommand, type ServerState } from "./commands/index.js";
import { CursorRegistry } from "./cursors.js";
import { asCommandError } from "./errors.js";
import { StorageEngine } from "./storage/engine.js";
import { decodeRequest, encodeLegacyReply, encodeMsgReply, MessageReader } from "./wire.js";

export interface EmbeddedMongoOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  host?: string;
  /** Where the journal lives; without it nothing survives a restart. */
  dbPath?: string;
  /** How often expired TTL documents are removed (MongoDB's monitor runs every 60 s). */
  ttlIntervalMs?: number;
  /** The journal is compacted once it holds at least this many records (and twice the live ones). */
  compactAfterRecords?: number;
}

export interface EmbeddedMongo {
  readonly uri: string;
  readonly host: string;
  readonly port: number;
  /** Records replayed from the journal at start-up and bytes of a torn tail cut off. */
  readonly recovered: { records: number; truncatedBytes: number };
  stop(): Promise<void>;
}

const CURSOR_IDLE_MS = 10 * 60 * 1000;
/** Expired documents a TTL round reads at most before it lets waiting requests through (about 12 ms here). */
const EXPIRED_PER_ROUND = 2000;

export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const host = options.host ?? "127.0.0.1";
  const engine = await StorageEngine.open(options.dbPath, options.compactAfterRecords);
  const sockets = new Set<Socket>();
  const state: ServerState = {
    engine,
    cursors: new CursorRegistry(),
    startedAt: Date.now(),
    host,
    port: 0,
    connections: () => sockets.size,
  };
  let nextConnectionId = 1;
  let nextResponseId = 1;

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const connectionId = nextConnectionId++;
    const reader = new MessageReader();
    // Requests on one connection are answered in the order they came, as mongod does.
    let queue = Promise.resolve();
    socket.on("data", (chunk) => {
      let messages: Buffer[];
      try {
        messages = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const message of messages) {
        queue = queue.then(async () => {
          const reply = await answer(message);
          if (reply && !socket.destroyed) socket.write(reply);
        });
      }
    });
    socket.on("error", () => socket.destroy());
    socket.on("close", () => sockets.delete(socket));

    async function answer(message: Buffer): Promise<Buffer | null> {
      let request: ReturnType<typeof decodeRequest>;
      try {
        request = decodeRequest(message);
      } catch (error) {
        const requestId = message.readInt32LE(4);
        return encodeMsgReply(requestId, nextResponseId++, {
          ok: 0,
          errmsg: `could not read the message: ${error instanceof Error ? error.message : String(error)}`,
          code: 9,
          codeName: "FailedToParse",
        });
      }
      const reply: Document = await runCommand(state, request.command, connectionId);
      if (request.noReply) return null;
      const encode = request.legacy ? encodeLegacyReply : encodeMsgReply;
      try {
        return encode(request.header.requestId, nextResponseId++, reply);
      } catch (error) {
        return encode(request.header.requestId, nextResponseId++, { ok: 0, ...asCommandError(error).toReplyFields() });
      }
    }
  });

  const port = await listen(server, options.port ?? 0, host);
  let stopping: Promise<void> | null = null;
  state.port = port;

  // Expired documents go in rounds of at most EXPIRED_PER_ROUND, the next round (until one finds
  // nothing) once the requests waiting meanwhile are answered: a large expiry does not hold the
  // store for its whole length.
  const sweep = () => {
    if (stopping) return;
    if (engine.expireDocuments(Date.now(), EXPIRED_PER_ROUND) > 0) setImmediate(sweep);
  };
  const ttlTimer = setInterval(sweep, options.ttlIntervalMs ?? 10_000);
  const cursorTimer = setInterval(() => state.cursors.closeIdle(CURSOR_IDLE_MS), 60_000);
  ttlTimer.unref();
  cursorTimer.unref();

  return {
    uri: `mongodb://${host}:${port}/`,
    host,
    port,
    recovered: engine.replay,
    stop() {
      stopping ??= (async () => {
        clearInterval(ttlTimer);
        clearInterval(cursorTimer);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
        await engine.close();
      })();
      return stopping;
    },
  };
}

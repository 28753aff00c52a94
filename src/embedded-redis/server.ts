import { createServer, type Server, type Socket } from "node:net";
import { listen } from "../embedded-server/index.js";
import { type AofReplay, AppendOnlyFile } from "./aof.js";
import { Client } from "./client.js";
import { execute } from "./commands/index.js";
import { ProtocolError, RequestParser } from "./resp.js";
import { ServerState } from "./state.js";

export interface EmbeddedRedisOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  host?: string;
  /** Where the append-only file lives; without it nothing survives a restart. */
  dir?: string;
  /** The file is rewritten once it is this big and twice its size after the last rewrite. */
  aofRewriteMinBytes?: number;
  /** How often a round of active expiry runs (Redis: 10 times a second). */
  activeExpireIntervalMs?: number;
}

export interface EmbeddedRedis {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Commands replayed from the append-only file at start-up, and bytes of a torn tail cut off. */
  readonly recovered: AofReplay;
  stop(): Promise<void>;
}

export async function startEmbeddedRedis(options: EmbeddedRedisOptions = {}): Promise<EmbeddedRedis> {
  const host = options.host ?? "127.0.0.1";
  const state = new ServerState();
  let recovered: AofReplay = { commands: 0, truncatedBytes: 0 };
  if (options.dir) {
    const replayer = new Client(
      0,
      state,
      state.firstDatabase,
      () => undefined,
      () => undefined,
    );
    replayer.mayBlock = false;
    state.loading = true;
    const opened = AppendOnlyFile.open(
      options.dir,
      (args) => {
        execute(replayer, args);
        replayer.reply.out = "";
      },
      () => state.snapshot(),
      options.aofRewriteMinBytes,
    );
    state.loading = false;
    state.aof = opened.aof;
    recovered = opened.replayed;
  }

  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => serve(state, socket, sockets));
  const port = await listen(server, options.port ?? 0, host);
  state.port = port;
  const expiry = setInterval(() => state.expireKeys(), options.activeExpireIntervalMs ?? 100);
  expiry.unref();

  let stopping: Promise<void> | null = null;
  return {
    url: `redis://${host}:${port}`,
    host,
    port,
    recovered,
    stop() {
      stopping ??= (async () => {
        clearInterval(expiry);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
        state.aof?.close();
      })();
      return stopping;
    },
  };
}

/** One connection: bytes in, commands run in order, replies out once per read. */
function serve(state: ServerState, socket: Socket, sockets: Set<Socket>): void {
  sockets.add(socket);
  socket.setNoDelay(true);
  state.stats.connections++;
  const parser = new RequestParser();
  const readCommands = (): void => {
    try {
      while (!client.blocked && !client.closeAfterReply) {
        const args = parser.next();
        if (!args) break;
        state.run(client, args);
      }
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      client.reply.error(`ERR Protocol error: ${error.message}`);
      client.closeAfterReply = true;
    }
    state.flush(client);
    if (client.closeAfterReply) socket.end();
  };
  const client = new Client(
    state.nextClientId++,
    state,
    state.firstDatabase,
    (data) => {
      if (!socket.destroyed) socket.write(data, "latin1");
    },
    () => {
      if (!socket.destroyed) readCommands();
    },
  );
  state.clients.add(client);
  socket.on("data", (chunk: Buffer) => {
    parser.feed(chunk);
    readCommands();
  });
  socket.on("error", () => socket.destroy());
  socket.on("close", () => {
    sockets.delete(socket);
    state.disconnect(client);
  });
}

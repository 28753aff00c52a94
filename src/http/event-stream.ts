import { PassThrough } from "node:stream";
import type { Context } from "koa";
import type { TokenService } from "../auth/tokens.js";
import { UnauthenticatedError } from "../errors.js";

const HEARTBEAT_MS = 20_000;

export interface EventStream {
  send(event: string, data: unknown): void;
  /** Ends the stream; also called when the client goes away. */
  end(): void;
  onEnd(listener: () => void): void;
}

/**
 * Turns the response into a server-sent-events stream with a heartbeat. Browsers' EventSource
 * cannot send headers, so a token may come as ?access_token= for these endpoints.
 */
export async function authenticateStream(ctx: Context, tokens: TokenService): Promise<void> {
  if (!ctx.state.principal && typeof ctx.query.access_token === "string") {
    ctx.state.principal = await tokens.verify(ctx.query.access_token);
  }
  if (!ctx.state.principal) throw new UnauthenticatedError();
}

export function openEventStream(ctx: Context): EventStream {
  const stream = new PassThrough();
  const listeners: (() => void)[] = [];
  let ended = false;
  const heartbeat = setInterval(() => stream.write(": heartbeat\n\n"), HEARTBEAT_MS);
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    for (const listener of listeners) listener();
    stream.end();
  };
  ctx.req.on("close", end);
  ctx.req.socket.setTimeout(0);
  ctx.set({ "Cache-Control": "no-cache", Connection: "keep-alive", "X-Accel-Buffering": "no" });
  ctx.type = "text/event-stream";
  ctx.status = 200;
  stream.write("retry: 3000\n: connected\n\n");
  ctx.body = stream;
  return {
    send: (event, data) => {
      if (!ended) stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end,
    onEnd: (listener) => listeners.push(listener),
  };
}

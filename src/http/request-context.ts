import { randomUUID } from "node:crypto";
import type { Context, Next } from "koa";
import { maskPersonalNumbersIn } from "../identity/masking.js";
import type { Logger } from "../infra/logger.js";

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** A request slower than this is logged at info whatever its status. */
const SLOW_MS = 1000;
/** Requests are summed up in one info line this often. */
const SUMMARY_INTERVAL_MS = 60_000;

/**
 * Counts of answered requests by status class, written as one info line a minute: at info level a
 * busy instance writes a line a minute for its successes, not one per request.
 */
class RequestSummary {
  private counts = { "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 };
  private slowest = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly logger: Logger) {}

  add(status: number, ms: number): void {
    const key = status >= 500 ? "5xx" : status >= 400 ? "4xx" : status >= 300 ? "3xx" : "2xx";
    this.counts[key]++;
    if (ms > this.slowest) this.slowest = ms;
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), SUMMARY_INTERVAL_MS);
      this.timer.unref();
    }
  }

  private flush(): void {
    this.timer = undefined;
    this.logger.info({ ...this.counts, slowestMs: this.slowest, seconds: SUMMARY_INTERVAL_MS / 1000 }, "requests");
    this.counts = { "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 };
    this.slowest = 0;
  }
}

/**
 * Gives every request an id (the caller's X-Request-Id when it is well formed) and a logger bound
 * to it (made when first used). A request that failed (4xx, 5xx) or was slow gets its own info line;
 * the others one line each at debug, and a count in the minute's summary at info. Only the path is
 * logged: query strings can carry personal data.
 */
export function requestContext(logger: Logger) {
  const summary = new RequestSummary(logger);
  return async (ctx: Context, next: Next): Promise<void> => {
    const given = ctx.get("X-Request-Id");
    const requestId = CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
    ctx.state.requestId = requestId;
    let bound: Logger | undefined;
    Object.defineProperty(ctx.state, "logger", {
      enumerable: true,
      get: () => {
        bound ??= logger.child({ requestId });
        return bound;
      },
    });
    ctx.set("X-Request-Id", requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      const ms = Math.round(performance.now() - started);
      summary.add(ctx.status, ms);
      const level = ctx.status >= 400 || ms >= SLOW_MS ? "info" : "debug";
      if (logger.isLevelEnabled(level)) {
        // A path can carry what a person typed where a code or id belongs (an identity number too).
        const path = maskPersonalNumbersIn(ctx.path);
        ctx.state.logger[level]({ method: ctx.method, path, status: ctx.status, ms }, "request");
      }
    }
  };
}

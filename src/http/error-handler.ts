import type { Context, Next } from "koa";
import { ZodError, type z } from "zod";
import {
  AppError,
  ConflictError,
  ForbiddenError,
  GoneError,
  MalformedBodyError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  RequestAbortedError,
  StoreUnavailableError,
  UnauthenticatedError,
  UndecodableBodyError,
  UnsupportedMediaTypeError,
  UpstreamError,
  ValidationError,
} from "../errors.js";
import type { errorBodySchema } from "./schemas.js";
import { problemsOf } from "./zod-problems.js";

/** The one place where error kinds meet HTTP statuses. */
const STATUS_BY_KIND: [abstract new (...args: never[]) => AppError, number][] = [
  [ValidationError, 400],
  [MalformedBodyError, 400],
  [RequestAbortedError, 400],
  [UndecodableBodyError, 400],
  [UnauthenticatedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [MethodNotAllowedError, 405],
  [ConflictError, 409],
  [GoneError, 410],
  [PayloadTooLargeError, 413],
  [UnsupportedMediaTypeError, 415],
  [RateLimitedError, 429],
  [UpstreamError, 502],
  [StoreUnavailableError, 503],
];

/** What the MongoDB driver and mongoose throw when the database cannot be reached. */
const UNREACHABLE_DATABASE = new Set([
  "MongoServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoNotConnectedError",
  "MongoTopologyClosedError",
  "MongoPoolClearedError",
]);

/** What every refusal answers: the declared error body (schemas.ts), one definition for both. */
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Turns anything a handler throws into `{error: {...}}` with the right status; 500s hide internals. */
export async function errorHandler(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (thrown) {
    const error = asAppError(thrown);
    const status = error ? statusOf(error) : 500;
    const body: ErrorBody = error
      ? { error: { code: error.code, message: error.message, userMessage: error.userMessage, details: error.details } }
      : {
          error: {
            code: "INTERNAL_ERROR",
            message: "Internal server error",
            userMessage: "系统出了点问题，请稍后再试。",
          },
        };
    if (error instanceof ValidationError && error.field) body.error.field = error.field;
    body.error.requestId = ctx.state.requestId;
    if (error instanceof RateLimitedError) ctx.set("Retry-After", String(error.retryAfterSeconds));
    if (status >= 500) ctx.state.logger?.error({ err: thrown }, "request failed");
    ctx.status = status;
    ctx.body = body;
  }
}

function statusOf(error: AppError): number {
  return STATUS_BY_KIND.find(([kind]) => error instanceof kind)?.[1] ?? 500;
}

/** Errors from zod and from the body parser, expressed as our own kinds. */
function asAppError(thrown: unknown): AppError | undefined {
  if (thrown instanceof AppError) return thrown;
  if (thrown instanceof ZodError) {
    return new ValidationError(problemsOf(thrown.issues));
  }
  const status = (thrown as { status?: number; type?: string } | null)?.status;
  const type = (thrown as { type?: string } | null)?.type;
  const name = (thrown as { name?: string } | null)?.name ?? "";
  const message = (thrown as { message?: string } | null)?.message ?? "";
  if (UNREACHABLE_DATABASE.has(name) || (name === "MongooseError" && message.includes("buffering timed out"))) {
    return new StoreUnavailableError();
  }
  if (status === 413) return new PayloadTooLargeError("100kb");
  // zlib's errors (Z_DATA_ERROR …) and brotli's (ERR__ERROR_…): a body that says gzip, deflate or br but is not.
  if (/^(Z_|ERR__ERROR_|ERR_ZLIB|ERR_BROTLI)/.test(String((thrown as { code?: unknown } | null)?.code ?? ""))) {
    return new UndecodableBodyError();
  }
  if (status === 415) return new UnsupportedMediaTypeError();
  // The client went away before its body arrived: nobody is there to answer, and nothing failed here.
  if (type === "request.aborted") return new RequestAbortedError();
  if (status === 400 && (type === "entity.parse.failed" || thrown instanceof SyntaxError))
    return new MalformedBodyError();
  return undefined;
}

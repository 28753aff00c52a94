/**
 * Errors the service reports to its users. Each kind is one class with a stable code; the HTTP
 * status of each lives in one place (http/error-handler.ts). `message` is English, for API
 * clients and logs; `userMessage` is Chinese, for the people reading a page or a chat.
 */
import { type FieldLabels, fieldMessage } from "./http/field-labels.js";

export interface FieldProblem {
  path: string;
  /** English, for API clients and logs. */
  message: string;
  /** Chinese, naming the field and what it expects (http/field-labels.ts when not given). */
  userMessage?: string;
}

export abstract class AppError extends Error {
  abstract readonly code: string;
  readonly userMessage: string;
  readonly details: unknown;

  constructor(message: string, userMessage: string, details?: unknown) {
    super(message);
    this.userMessage = userMessage;
    this.details = details;
  }
}

/**
 * Input refused, field by field. Each problem carries a Chinese `userMessage` naming its field
 * ("手机号：请填写11位手机号码", from the label map unless given); the error's own `userMessage` says
 * the same for the first fields, and `field` is the first field's path, for a form to show the
 * message beside it.
 */
export class ValidationError extends AppError {
  readonly code = "VALIDATION_FAILED";
  readonly field: string;
  /**
   * @param userMessage the whole refusal in Chinese; with one problem it is also that problem's message
   * @param labels a route's own field labels, over the shared ones
   */
  constructor(problems: FieldProblem[], userMessage?: string, labels?: FieldLabels) {
    const described = problems.map((problem) => ({
      ...problem,
      userMessage:
        problem.userMessage ??
        (userMessage && problems.length === 1 ? userMessage : fieldMessage(problem.path, labels)),
    }));
    super(
      `Invalid input: ${problems.map((p) => `${p.path || "(body)"}: ${p.message}`).join("; ")}`,
      userMessage ?? summary(described.map((problem) => problem.userMessage)),
      described,
    );
    this.field = described[0]?.path ?? "";
  }
}

/** The first few distinct field messages, in one line. */
function summary(messages: string[]): string {
  const distinct = [...new Set(messages)];
  if (distinct.length === 0) return "填写的内容有误，请检查后重试。";
  const shown = distinct.slice(0, 3).join("；");
  return distinct.length > 3 ? `${shown}；另有${distinct.length - 3}处需要修改。` : `${shown}。`;
}

export class MalformedBodyError extends AppError {
  readonly code = "MALFORMED_JSON";
  constructor() {
    super("The request body is not valid JSON", "提交的数据格式不正确。");
  }
}

/** The client closed the connection before its body had arrived. */
export class RequestAbortedError extends AppError {
  readonly code = "REQUEST_ABORTED";
  constructor() {
    super("The request was closed before its body arrived", "网络中断，请重试。");
  }
}

/** A body sent with Content-Encoding (gzip, deflate, br) that does not decompress. */
export class UndecodableBodyError extends AppError {
  readonly code = "UNDECODABLE_BODY";
  constructor() {
    super("The request body does not decompress as its Content-Encoding says", "提交的数据无法解压，请重新提交。");
  }
}

export class PayloadTooLargeError extends AppError {
  readonly code = "PAYLOAD_TOO_LARGE";
  constructor(limit: string) {
    super(`The request body is larger than ${limit}`, "提交的内容太大了。");
  }
}

export class UnsupportedMediaTypeError extends AppError {
  readonly code = "UNSUPPORTED_MEDIA_TYPE";
  constructor() {
    super("Send the request body as application/json", "提交的数据格式不正确。");
  }
}

export class UnauthenticatedError extends AppError {
  readonly code = "UNAUTHENTICATED";
  constructor(message = "Sign in first", userMessage = "请先登录。") {
    super(message, userMessage);
  }
}

export class ForbiddenError extends AppError {
  readonly code: string;
  constructor(message = "You are not allowed to do this", userMessage = "您没有权限进行此操作。", code = "FORBIDDEN") {
    super(message, userMessage);
    this.code = code;
  }
}

export class NotFoundError extends AppError {
  readonly code: string;
  constructor(message: string, userMessage = "没有找到您要的内容。", code = "NOT_FOUND") {
    super(message, userMessage);
    this.code = code;
  }
}

export class ConflictError extends AppError {
  readonly code: string;
  constructor(code: string, message: string, userMessage: string, details?: unknown) {
    super(message, userMessage, details);
    this.code = code;
  }
}

export class MethodNotAllowedError extends AppError {
  readonly code = "METHOD_NOT_ALLOWED";
  constructor(method: string, path: string) {
    super(`${method} is not allowed on ${path}`, "不支持这种操作。");
  }
}

export class RateLimitedError extends AppError {
  readonly code: string;
  /** Seconds until the caller may try again (sent as Retry-After). */
  readonly retryAfterSeconds: number;
  constructor(code: string, message: string, userMessage: string, retryAfterSeconds: number) {
    super(message, userMessage, { retryAfterSeconds });
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class UpstreamError extends AppError {
  readonly code = "UPSTREAM_UNAVAILABLE";
  constructor(message: string, userMessage = "微信服务暂时无法连接，请稍后再试。") {
    super(message, userMessage);
  }
}

/** The database cannot be reached: nothing was stored, and trying again shortly may work. */
export class StoreUnavailableError extends AppError {
  readonly code = "STORE_UNAVAILABLE";
  constructor() {
    super(
      "The database is not reachable; nothing was stored. Try again shortly.",
      "系统正在恢复，请稍后再试。本次操作没有保存。",
    );
  }
}

export class GoneError extends AppError {
  readonly code: string;
  constructor(code: string, message: string, userMessage: string) {
    super(message, userMessage);
    this.code = code;
  }
}

import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import type { ErrorBody } from "./error-handler.js";

/** What Node's HTTP parser refuses before Koa sees the request, answered in the service's error shape. */
const REFUSALS: Record<string, { status: string; body: ErrorBody }> = {
  HPE_HEADER_OVERFLOW: {
    status: "431 Request Header Fields Too Large",
    body: {
      error: {
        code: "HEADERS_TOO_LARGE",
        message: "The request headers are too large (16 KB at most)",
        userMessage: "请求太大，请刷新页面或重新登录后再试。",
      },
    },
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: "408 Request Timeout",
    body: {
      error: {
        code: "REQUEST_TIMEOUT",
        message: "The request did not arrive in time",
        userMessage: "网络太慢，请重试。",
      },
    },
  },
};
const MALFORMED = {
  status: "400 Bad Request",
  body: {
    error: { code: "MALFORMED_REQUEST", message: "The request is not valid HTTP", userMessage: "请求格式不正确。" },
  },
};

/**
 * Node answers a request its parser refuses (headers over 16 KB, a broken request line) with an
 * empty body; this answers with the same `{error: {...}}` every other refusal has, then closes.
 */
export function answerClientErrors(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A connection reset or one already answered has nobody to tell.
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, body } = REFUSALS[error.code ?? ""] ?? MALFORMED;
    const text = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  });
}

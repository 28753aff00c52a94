import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import Router from "@koa/router";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { api } from "../../test/support/api.js";
import { residentId } from "../../test/support/people.js";
import { useTestStores } from "../../test/support/stores.js";
import { composeApp } from "../app.js";
import { answerClientErrors } from "./client-errors.js";

const stores = useTestStores();

/** The real middleware pipeline with one route that validates its body, and one that fails. */
function appWithProbeRoutes() {
  const router = new Router();
  const body = z.object({ name: z.string().min(1), age: z.number().int().nonnegative() });
  router.post("/probe", (ctx) => {
    const parsed = body.parse(ctx.request.body);
    ctx.body = { received: parsed };
  });
  router.get("/explode", () => {
    throw new Error("database password is hunter2 at /srv/secret/path");
  });
  router.post("/log-body", (ctx) => {
    ctx.state.logger.info({ body: ctx.request.body }, "received");
    ctx.body = { ok: true };
  });
  return composeApp(stores.deps, [router]);
}

describe("error responses", () => {
  it("answers an unknown route with 404 in the error shape", async () => {
    const res = await request(stores.app.callback()).get("/no/such/thing");
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: "ROUTE_NOT_FOUND", message: "No route for GET /no/such/thing" });
    expect(res.body.error.userMessage).toMatch(/[\u4e00-\u9fff]/);
  });

  it("answers a wrong method with 405", async () => {
    const res = await request(stores.app.callback()).post("/healthz");
    expect(res.status).toBe(405);
    expect(res.body.error.code).toBe("METHOD_NOT_ALLOWED");
  });

  it("lists every invalid field of a body", async () => {
    const res = await request(appWithProbeRoutes().callback()).post("/probe").send({ name: "", age: -1 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["age", "name"]);
  });

  it("names a query parameter or body field nobody asked for, in Chinese too, without echoing what is not a name", async () => {
    const { http, signIn } = api(stores.app);
    const auth = await signIn("extra-keys");
    const query = await http().get("/api/me/visits?limit=5&colour=green").set(auth);
    expect(query.status).toBe(400);
    expect(query.body.error.field).toBe("colour");
    expect(query.body.error.details).toEqual([expect.objectContaining({ path: "colour" })]);
    expect(query.body.error.userMessage).toContain("colour");
    const body = await http()
      .put("/api/me/identity")
      .set(auth)
      .send({ name: "李四", idNumber: residentId(7), phone: "13800000000", nickname: "小李", [residentId(8)]: 1 });
    expect(body.status).toBe(400);
    expect(body.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["(unnamed)", "nickname"]);
    expect(body.text).not.toContain(residentId(8));
  });

  it("answers a body sent as a form, text or XML to a JSON route with 415, not as fields missing", async () => {
    const { http, signIn } = api(stores.app);
    const auth = await signIn("not-json");
    for (const [type, body] of [
      ["text/plain", "code=abc"],
      ["application/x-www-form-urlencoded", "code=abc"],
      ["application/xml", "<code>abc</code>"],
    ]) {
      const res = await http()
        .post("/api/scans")
        .set(auth)
        .set("Content-Type", type as string)
        .send(body as string);
      expect(res.status, type).toBe(415);
      expect(res.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
    // JSON with a charset, and a route without a body, are unaffected.
    const json = await http()
      .post("/api/scans")
      .set(auth)
      .set("Content-Type", "application/json; charset=utf-8")
      .send(JSON.stringify({ code: "x" }));
    expect(json.body.error.code).toBe("VENUE_CODE_INVALID");
    expect((await http().get("/api/me").set(auth).set("Content-Type", "text/plain")).status).toBe(200);
  });

  it("accepts a valid body", async () => {
    const res = await request(appWithProbeRoutes().callback()).post("/probe").send({ name: "王", age: 3 });
    expect(res.status).toBe(200);
    expect(res.body.received).toEqual({ name: "王", age: 3 });
  });

  it("answers malformed JSON with 400 MALFORMED_JSON", async () => {
    const res = await request(appWithProbeRoutes().callback())
      .post("/probe")
      .set("Content-Type", "application/json")
      .send('{"name": "x",');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("MALFORMED_JSON");
  });

  it("answers a body that does not decompress as its Content-Encoding says with 400, whatever the encoding", async () => {
    for (const encoding of ["gzip", "deflate", "br"]) {
      const res = await request(appWithProbeRoutes().callback())
        .post("/probe")
        .set("Content-Type", "application/json")
        .set("Content-Encoding", encoding)
        .send('{"name": "x", "age": 1}');
      expect({ encoding, status: res.status, code: res.body.error?.code }).toEqual({
        encoding,
        status: 400,
        code: "UNDECODABLE_BODY",
      });
      expect(res.body.error.userMessage).toContain("解压");
    }
  });

  it("answers a body over 100 kB with 413", async () => {
    const res = await request(appWithProbeRoutes().callback())
      .post("/probe")
      .set("Content-Type", "application/json")
      .send(JSON.stringify({ name: "x".repeat(101 * 1024), age: 1 }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers an unexpected failure with 500 and leaks nothing of it", async () => {
    const res = await request(appWithProbeRoutes().callback()).get("/explode");
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe("INTERNAL_ERROR");
    expect(res.text).not.toContain("hunter2");
    expect(res.text).not.toContain("/srv/secret");
    expect(res.text).not.toMatch(/at .+\.ts:\d+/);
    const logged = stores.log.lines.find((line) => line.msg === "request failed");
    expect(logged).toBeDefined();
  });
});

describe("request ids and logs", () => {
  it("gives each request an id, echoing a well-formed one from the caller", async () => {
    const app = stores.app.callback();
    const generated = await request(app).get("/healthz");
    expect(generated.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const given = await request(app).get("/healthz").set("X-Request-Id", "door-7-abc");
    expect(given.headers["x-request-id"]).toBe("door-7-abc");
    const hostile = await request(app).get("/healthz").set("X-Request-Id", "<script>alert(1)</script>");
    expect(hostile.headers["x-request-id"]).not.toContain("<");
  });

  it("puts the request id in error bodies and log lines", async () => {
    const res = await request(stores.app.callback()).get("/missing").set("X-Request-Id", "trace-me-1");
    expect(res.body.error.requestId).toBe("trace-me-1");
    expect(stores.log.lines.some((line) => line.requestId === "trace-me-1" && line.status === 404)).toBe(true);
  });

  it("masks an identity number sent where a path wants a code, in the request's log line", async () => {
    const id = residentId(4321);
    await request(stores.app.callback()).get(`/api/venue-codes/${id}`).set("X-Request-Id", "id-in-path");
    const line = stores.log.lines.find((l) => l.requestId === "id-in-path");
    expect(line?.path).toBe(`/api/venue-codes/${id.slice(0, 3)}***********${id.slice(-4)}`);
    expect(stores.log.text).not.toContain(id);
  });

  it("never logs identity numbers, phones or passwords, and not the query string", async () => {
    const app = appWithProbeRoutes().callback();
    await request(app)
      .post("/log-body?phone=13812345678")
      .send({ idNumber: "32090219900101123X", phone: "13912345678", password: "pa55word", note: "ok" });
    const text = stores.log.text;
    expect(text).toContain('"note":"ok"');
    for (const secret of ["32090219900101123X", "13912345678", "13812345678", "pa55word"])
      expect(text).not.toContain(secret);
  });
});

describe("requests refused before the app sees them, and clients that go away", () => {
  const server = createServer((req, res) => stores.app.callback()(req, res));
  answerClientErrors(server);
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Sends raw bytes and reads everything until the server closes (or `closeAfterMs`, by the client). */
  function raw(bytes: string, closeAfterMs?: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
      let text = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk) => {
        text += chunk;
      });
      socket.on("error", reject);
      socket.on("close", () => resolve(text));
      if (closeAfterMs !== undefined) setTimeout(() => socket.destroy(), closeAfterMs);
    });
  }

  function bodyOf(answer: string) {
    return JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
  }

  it("answers headers over 16 KB with 431 in the error shape", async () => {
    const answer = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nCookie: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(answer.split("\r\n")[0]).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    expect(answer).toContain("Content-Type: application/json");
    expect(bodyOf(answer).error).toMatchObject({ code: "HEADERS_TOO_LARGE" });
    expect(bodyOf(answer).error.userMessage).toMatch(/[\u4e00-\u9fff]/);
  });

  it("answers a request that is not HTTP with 400 in the error shape", async () => {
    const answer = await raw("HELLO THERE\r\n\r\n");
    expect(answer.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    expect(bodyOf(answer).error.code).toBe("MALFORMED_REQUEST");
  });

  it("logs a client that went away before its body arrived as its own 4xx, not as a failure", async () => {
    await raw(
      'POST /api/scans HTTP/1.1\r\nHost: x\r\nX-Request-Id: gone-mid-body\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"code":',
      100,
    );
    await expect.poll(() => stores.log.lines.filter((line) => line.requestId === "gone-mid-body")).toHaveLength(1);
    const [line] = stores.log.lines.filter((l) => l.requestId === "gone-mid-body");
    expect(line).toMatchObject({ status: 400, msg: "request" });
    expect(stores.log.lines.some((l) => l.requestId === "gone-mid-body" && Number(l.level) >= 50)).toBe(false);
  });
});

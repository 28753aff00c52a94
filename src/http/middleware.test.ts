import Router from "@koa/router";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { useTestStores } from "../../test/support/stores.js";
import { composeApp } from "../app.js";

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

import { Redis } from "ioredis";
import mongoose from "mongoose";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { useTestStores } from "../../test/support/stores.js";
import { createApp } from "../app.js";
import { startEmbeddedMongo } from "../embedded-mongo/index.js";
import { SERVICE_VERSION } from "../version.js";

const stores = useTestStores();

describe("GET /healthz", () => {
  it("answers 200 when MongoDB and Redis both answer", async () => {
    const res = await request(stores.app.callback()).get("/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", mongo: "ok", redis: "ok", version: SERVICE_VERSION });
  });

  it("answers 503 with redis down when Redis does not answer", async () => {
    const deadRedis = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    deadRedis.on("error", () => undefined);
    const app = createApp({ ...stores.deps, redis: deadRedis });
    const res = await request(app.callback()).get("/healthz");
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: "degraded", mongo: "ok", redis: "down" });
    deadRedis.disconnect();
  });

  it("answers 503 with mongo down when MongoDB stops answering", async () => {
    const server = await startEmbeddedMongo();
    const connection = await mongoose.createConnection(server.uri, { serverSelectionTimeoutMS: 500 }).asPromise();
    await server.stop();
    const app = createApp({ ...stores.deps, mongo: connection });
    const res = await request(app.callback()).get("/healthz");
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ mongo: "down", redis: "ok" });
    await connection.close(true);
  });
});

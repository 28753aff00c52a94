import { z } from "zod";
import type { AppDependencies } from "../app.js";
import { defineRoute } from "../http/contract.js";
import { named } from "../http/named.js";
import { SERVICE_VERSION } from "../version.js";

const PROBE_TIMEOUT_MS = 1000;

type StoreState = "ok" | "down";

async function probe(check: () => Promise<unknown>): Promise<StoreState> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), PROBE_TIMEOUT_MS);
      }),
    ]);
    return "ok";
  } catch {
    return "down";
  } finally {
    clearTimeout(timer);
  }
}

const storeState = z.enum(["ok", "down"]);
const healthSchema = named(
  "Health",
  z.strictObject({
    status: z.enum(["ok", "degraded"]),
    mongo: storeState,
    redis: storeState,
    version: z.string(),
  }),
);

/** GET /healthz: 200 when MongoDB and Redis both answer within a second, 503 otherwise. */
export function healthRoutes({ mongo, redis }: AppDependencies) {
  return [
    defineRoute({
      method: "get",
      path: "/healthz",
      tag: "health",
      summary: "Whether MongoDB and Redis answer (the load balancer's health check)",
      access: "anyone",
      responses: { 200: healthSchema, 503: healthSchema },
      async handle(ctx) {
        const [mongoState, redisState] = await Promise.all([
          probe(async () => {
            const db = mongo.db;
            if (!db) throw new Error("not connected");
            await db.command({ ping: 1 });
          }),
          probe(() => redis.ping()),
        ]);
        const healthy = mongoState === "ok" && redisState === "ok";
        ctx.status = healthy ? 200 : 503;
        ctx.body = {
          status: healthy ? "ok" : "degraded",
          mongo: mongoState,
          redis: redisState,
          version: SERVICE_VERSION,
        };
      },
    }),
  ];
}

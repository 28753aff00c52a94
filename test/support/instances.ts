import { randomBytes } from "node:crypto";
import { type Db, MongoClient, ObjectId } from "mongodb";
import { expect, inject } from "vitest";
import { mobile, residentId } from "./people.js";
import { callService, npmStart, type Started, serviceEnv } from "./service-process.js";

/** Several running copies of the service, as process-level tests drive them through HTTP. */
export function call(instance: Started, method: string, path: string, body?: unknown, token?: string) {
  return callService(instance.url, method, path, body, token);
}

/** A resident signed in on `instance` as dev:<prefix>-<n>, with a verified real name; their token. */
export async function resident(instance: Started, prefix: string, n: number, name = "钱小红"): Promise<string> {
  const { body } = await call(instance, "POST", "/api/auth/wechat", { code: `dev:${prefix}-${n}` });
  const identity = { name, idNumber: residentId(n), phone: mobile(n) };
  expect((await call(instance, "PUT", "/api/me/identity", identity, body.token)).status).toBe(200);
  return body.token ?? "";
}

/**
 * A health official created by the first administrator on `on`, signed in on `signInOn`; their token.
 * The administrator is the one ADMIN_USERNAME / ADMIN_PASSWORD made at start-up.
 */
export async function healthOfficial(
  on: Started,
  signInOn: Started,
  admin: { username: string; password: string },
  official: { username: string; password: string },
): Promise<string> {
  const adminToken = (await call(on, "POST", "/api/auth/login", admin)).body.token;
  await call(on, "POST", "/api/officials", { ...official, role: "health" }, adminToken);
  return (await call(signInOn, "POST", "/api/auth/login", official)).body.token ?? "";
}

/** Moves every visit half an hour into the past, as if everyone had come in then. */
export async function everyoneCameHalfAnHourAgo(db: Db): Promise<void> {
  await db
    .collection("visits")
    .updateMany({}, [
      { $set: { checkInAt: { $subtract: ["$checkInAt", 1_800_000] }, endAt: { $subtract: ["$endAt", 1_800_000] } } },
    ]);
}

/** Flags a venue for the last hour (medium risk) through `instance`; the answer. */
export function flagLastHour(instance: Started, code: string, token: string) {
  const now = Date.now();
  return call(
    instance,
    "POST",
    "/api/exposures",
    {
      places: [{ code, start: new Date(now - 3600_000).toISOString(), end: new Date(now).toISOString() }],
      riskLevel: "medium",
      message: "请做好健康监测",
    },
    token,
  );
}

/** How many people got how many alerts of an event: [{ _id: alerts, people }]; exactly once is [{ _id: 1, … }]. */
export function alertsPerPerson(db: Db, exposureId: string | undefined) {
  return db
    .collection("notifications")
    .aggregate([
      { $match: { exposureId: new ObjectId(exposureId), kind: "alert" } },
      { $group: { _id: "$personHash", items: { $sum: 1 } } },
      { $group: { _id: "$items", people: { $sum: 1 } } },
    ])
    .toArray();
}

/**
 * Two copies of the service (`npm start`), each with its fan-out worker, on a database of their own on
 * the run's MongoDB and on the Redis `redis` names (REDIS_URL or REDIS_CLUSTER_NODES): five scans a
 * minute per resident, stalled queue entries taken over after two seconds. `stop` ends both and
 * drops the database.
 */
export async function twoInstances(prefix: string, redis: Record<string, string>) {
  const database = `${prefix}_${randomBytes(3).toString("hex")}`;
  const mongoUri = inject("mongoUri").replace(/\/?(\?.*)?$/, (_match, query?: string) => `/${database}${query ?? ""}`);
  const admin = { username: `${prefix}-admin`, password: `${prefix} admin password` };
  const env = serviceEnv({
    MONGODB_URI: mongoUri,
    ...redis,
    PORT: "0",
    DATA_DIR: `/tmp/${database}`,
    ADMIN_USERNAME: admin.username,
    ADMIN_PASSWORD: admin.password,
    SCAN_RATE_PER_USER_PER_MINUTE: "5",
    QUEUE_CLAIM_IDLE_SECONDS: "2",
  });
  const [a, b] = await Promise.all([npmStart(env), npmStart(env)]);
  return {
    a,
    b,
    admin,
    /** The instances' database, for what a test checks or arranges directly. */
    async db<T>(use: (db: Db) => Promise<T>): Promise<T> {
      const client = await MongoClient.connect(mongoUri);
      try {
        return await use(client.db(database));
      } finally {
        await client.close();
      }
    },
    async stop() {
      for (const instance of [a, b]) instance.child.kill("SIGTERM");
      await Promise.all([a.exited, b.exited]);
      const client = await MongoClient.connect(inject("mongoUri"));
      await client.db(database).dropDatabase();
      await client.close();
    },
  };
}

/** One resident scans a code seven times, alternating between two instances: the statuses. */
export async function scanSevenTimesAcross(a: Started, b: Started, code: string, token: string) {
  const statuses = [];
  for (let i = 0; i < 7; i++)
    statuses.push((await call(i % 2 === 0 ? a : b, "POST", "/api/scans", { code }, token)).status);
  return statuses;
}

/** `people` residents check in at a code, alternating between two instances, each recorded (201). */
export async function checkInCrowd(
  [a, b]: [Started, Started],
  code: string,
  people: number,
  residentOn: (instance: Started, n: number) => Promise<string>,
  firstN: number,
): Promise<void> {
  for (let n = 0; n < people; n++) {
    const instance = n % 2 === 0 ? a : b;
    const token = await residentOn(instance, firstN + n);
    expect((await call(instance, "POST", "/api/scans", { code }, token)).status).toBe(201);
  }
}

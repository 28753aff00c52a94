import { type Db, ObjectId } from "mongodb";
import { expect } from "vitest";
import { mobile, residentId } from "./people.js";
import { callService, type Started } from "./service-process.js";

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

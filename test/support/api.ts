import type Koa from "koa";
import request from "supertest";
import type { OfficialRole } from "../../src/auth/principal.js";
import type { Services } from "../../src/services.js";
import { mobile, residentId } from "./people.js";

/** HTTP calls as the mini-program makes them, against the real app. */
export function api(app: Koa) {
  const server = app.callback();
  /** Signs in a development user and returns their bearer header. */
  async function signIn(name: string): Promise<{ Authorization: string }> {
    const res = await request(server)
      .post("/api/auth/wechat")
      .send({ code: `dev:${name}` });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
    return { Authorization: `Bearer ${res.body.token}` };
  }
  /** Signs in and completes real-name verification as person number `n`. */
  async function signInVerified(name: string, n: number, personName = "王小明"): Promise<{ Authorization: string }> {
    const auth = await signIn(name);
    const res = await request(server)
      .put("/api/me/identity")
      .set(auth)
      .send({ name: personName, idNumber: residentId(n), phone: mobile(n) });
    if (res.status !== 200) throw new Error(`identity failed: ${res.status} ${res.text}`);
    return auth;
  }
  return { http: () => request(server), signIn, signInVerified };
}

let shopNumber = 0;

/**
 * A barber shop to register, at an address of its own each time: the same name at the same address
 * is one venue, which only one owner may register.
 */
export function barberShop() {
  shopNumber++;
  return {
    name: "王记理发店",
    categoryId: "service-venue",
    regionCode: "320924",
    address: `射阳县合德镇人民路${88 + shopNumber}号`,
    contactPhone: "13912345678",
  };
}

/** Creates an official with `role` and returns their bearer header. */
export async function officialAuth(
  services: Services,
  role: OfficialRole,
  regionCode?: string,
): Promise<{ Authorization: string }> {
  const official = await services.officials.create({
    username: `${role}-${Math.random().toString(36).slice(2, 10)}`,
    password: "an official's password",
    role,
    ...(regionCode ? { regionCode } : {}),
  });
  const { token } = await services.tokens.issue({
    kind: "official",
    officialId: String(official._id),
    username: official.username,
    role,
    ...(regionCode ? { regionCode } : {}),
  });
  return { Authorization: `Bearer ${token}` };
}

/** An exposure event over the last two hours (ending a minute ago) at the venue with `code`. */
export function flagLastTwoHours(app: Koa, health: { Authorization: string }, code: string, message = "请尽快检测") {
  const now = Date.now();
  return request(app.callback())
    .post("/api/exposures")
    .set(health)
    .send({
      places: [{ code, start: new Date(now - 2 * 3600_000).toISOString(), end: new Date(now - 60_000).toISOString() }],
      riskLevel: "high",
      message,
    });
}

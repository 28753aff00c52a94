import { describe, expect, it } from "vitest";
import { api } from "../../test/support/api.js";
import { mobile, residentId } from "../../test/support/people.js";
import { PRODUCTION_SETTINGS, testConfig, useTestStores } from "../../test/support/stores.js";
import { composeApp } from "../app.js";
import { AuditRecord } from "../audit/audit.model.js";
import { UnauthenticatedError } from "../errors.js";
import { routerOf } from "../http/contract.js";
import { MAX_FAILED_LOGINS } from "../officials/officials.service.js";
import { createServices } from "../services.js";
import { authRoutes } from "./auth.routes.js";
import { TokenService } from "./tokens.js";

const stores = useTestStores();
const ADMIN = { username: "admin", password: "correct horse battery staple" };

async function adminToken() {
  await stores.deps.services.officials.ensureAdmin(ADMIN.username, ADMIN.password);
  const res = await api(stores.app).http().post("/api/auth/login").send(ADMIN);
  return { Authorization: `Bearer ${res.body.token}` };
}

describe("resident sign-in", () => {
  it("signs in a development user, the same user each time, with a short-lived token", async () => {
    const { http } = api(stores.app);
    const first = await http().post("/api/auth/wechat").send({ code: "dev:阿姨" });
    const second = await http().post("/api/auth/wechat").send({ code: "dev:阿姨" });
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({
      nickname: "阿姨",
      roles: ["resident"],
      realNameVerified: false,
      identity: null,
    });
    expect(second.body.user.id).toBe(first.body.user.id);
    const lifetime = Date.parse(first.body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(60 * 60 * 1000);
    expect(lifetime).toBeLessThanOrEqual(2 * 60 * 60 * 1000);
    const me = await http()
      .get("/api/me")
      .set({ Authorization: `Bearer ${first.body.token}` });
    expect(me.body.id).toBe(first.body.user.id);
  });

  it("answers a code that is neither WeChat's nor dev:<name> with 400 naming code", async () => {
    const res = await api(stores.app).http().post("/api/auth/wechat").send({ code: "0a1b2c" });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe("code");
    const missing = await api(stores.app).http().post("/api/auth/wechat").send({});
    expect(missing.status).toBe(400);
  });

  it("refuses development sign-in in production with 403", async () => {
    const config = testConfig(PRODUCTION_SETTINGS);
    const app = composeApp({ ...stores.deps, config }, [
      routerOf(authRoutes(createServices(config, stores.deps.redis, stores.deps.logger)), { checkResponses: false }),
    ]);
    const res = await api(app).http().post("/api/auth/wechat").send({ code: "dev:someone" });
    expect(res.status).toBe(403);
  });

  it("needs a token for /api/me, and a resident's", async () => {
    const { http } = api(stores.app);
    expect((await http().get("/api/me")).status).toBe(401);
    const official = await adminToken();
    expect((await http().get("/api/me").set(official)).status).toBe(403);
    expect((await http().get("/api/me").set({ Authorization: "Basic abc" })).status).toBe(401);
  });
});

describe("real-name verification", () => {
  it("stores the identity and shows it masked", async () => {
    const { http, signIn } = api(stores.app);
    const auth = await signIn("real-name");
    const res = await http()
      .put("/api/me/identity")
      .set(auth)
      .send({ name: "欧阳娜娜", idNumber: residentId(41).toLowerCase(), phone: mobile(41) });
    expect(res.status).toBe(200);
    const id = residentId(41);
    expect(res.body.identity).toEqual({
      name: "欧阳**",
      idNumber: `${id.slice(0, 3)}***********${id.slice(-4)}`,
      phone: `${mobile(41).slice(0, 3)}****${mobile(41).slice(-4)}`,
    });
    expect(res.body.realNameVerified).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain(id);
  });

  it("refuses the same identity number on a second account", async () => {
    const { http, signInVerified, signIn } = api(stores.app);
    await signInVerified("first-holder", 42);
    const second = await signIn("second-holder");
    const res = await http()
      .put("/api/me/identity")
      .set(second)
      .send({ name: "王小明", idNumber: residentId(42), phone: mobile(43) });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("IDENTITY_IN_USE");
  });

  it("rejects operator objects and unknown fields", async () => {
    const { http, signIn } = api(stores.app);
    const auth = await signIn("hostile");
    const res = await http()
      .put("/api/me/identity")
      .set(auth)
      .send({ name: { $ne: null }, idNumber: residentId(44), phone: mobile(44), admin: true });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain("name");
  });
});

describe("officials", () => {
  it("signs in the first administrator, who creates officials", async () => {
    const { http, signIn } = api(stores.app);
    const admin = await adminToken();
    const created = await http()
      .post("/api/officials")
      .set(admin)
      .send({ username: "health-sheyang", password: "a long enough password", role: "health", regionCode: "320924" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: "health-sheyang", role: "health", regionCode: "320924" });
    expect(JSON.stringify(created.body)).not.toContain("password");

    const login = await http()
      .post("/api/auth/login")
      .send({ username: "health-sheyang", password: "a long enough password" });
    expect(login.status).toBe(200);
    expect(login.body.official).toMatchObject({ role: "health", regionCode: "320924" });
    const health = { Authorization: `Bearer ${login.body.token}` };
    const byHealth = await http()
      .post("/api/officials")
      .set(health)
      .send({ username: "x-user", password: "a long enough password", role: "admin" });
    expect(byHealth.status).toBe(403);
    const resident = await signIn("resident-creating-official");
    expect((await http().post("/api/officials").set(resident).send({})).status).toBe(403);
    expect((await http().post("/api/officials").send({})).status).toBe(401);
  });

  it("rejects a duplicate username, a weak password, an unknown role or region", async () => {
    const { http } = api(stores.app);
    const admin = await adminToken();
    const body = { username: "police-1", password: "a long enough password", role: "police" };
    expect((await http().post("/api/officials").set(admin).send(body)).status).toBe(201);
    const duplicate = await http().post("/api/officials").set(admin).send(body);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe("USERNAME_TAKEN");
    const sameButUpperCase = await http()
      .post("/api/officials")
      .set(admin)
      .send({ ...body, username: "POLICE-1" });
    expect(sameButUpperCase.body.error.code).toBe("USERNAME_TAKEN");
    expect(await AuditRecord.countDocuments({ action: "official.create", "query.username": "police-1" })).toBe(1);
    const weak = await http()
      .post("/api/officials")
      .set(admin)
      .send({ ...body, username: "p2", password: "short" });
    expect([...new Set(weak.body.error.details.map((d: { path: string }) => d.path))].sort()).toEqual([
      "password",
      "username",
    ]);
    const repetitive = await http()
      .post("/api/officials")
      .set(admin)
      .send({ ...body, username: "police-3", password: "aaaaaaaaaaaa" });
    expect(repetitive.body.error.details).toEqual([
      expect.objectContaining({ path: "password", message: "expected at least 6 different characters" }),
    ]);
    const districtAdmin = await http()
      .post("/api/officials")
      .set(admin)
      .send({ ...body, username: "admin-4", role: "admin", regionCode: "320981" });
    expect(districtAdmin.body.error.details[0].path).toBe("regionCode");
    const role = await http()
      .post("/api/officials")
      .set(admin)
      .send({ ...body, username: "police-3", role: "mayor" });
    expect(role.body.error.details[0].path).toBe("role");
    const region = await http()
      .post("/api/officials")
      .set(admin)
      .send({ ...body, username: "police-4", regionCode: "110101" });
    expect(region.status).toBe(400);
    expect(region.body.error.details[0].path).toBe("regionCode");
  });

  it("backs off after repeated wrong passwords, even for the right one", async () => {
    const { http } = api(stores.app);
    await stores.deps.services.officials.create({
      username: "locked-out",
      password: "the right password!",
      role: "police",
    });
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      const wrong = await http()
        .post("/api/auth/login")
        .send({ username: "locked-out", password: `wrong ${i}` });
      expect(wrong.status).toBe(401);
    }
    const blocked = await http()
      .post("/api/auth/login")
      .send({ username: "locked-out", password: "the right password!" });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    expect(blocked.body.error.code).toBe("TOO_MANY_LOGIN_ATTEMPTS");
  });

  it("answers an unknown username like a wrong password", async () => {
    const res = await api(stores.app)
      .http()
      .post("/api/auth/login")
      .send({ username: "nobody", password: "whatever it is" });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe("Wrong username or password");
  });
});

describe("reference data", () => {
  it("lists the 24 categories of the notice, buses and taxis as vehicles", async () => {
    const res = await api(stores.app).http().get("/api/venue-categories");
    expect(res.body.categories).toHaveLength(24);
    const vehicles = res.body.categories
      .filter((c: { vehicle: boolean }) => c.vehicle)
      .map((c: { name: string }) => c.name);
    expect(vehicles).toEqual(["公交车", "出租车"]);
    expect(res.body.categories.find((c: { id: string }) => c.id === "entertainment-venue").includes).toContain(
      "剧本杀",
    );
  });

  it("lists Yancheng's districts by default", async () => {
    const res = await api(stores.app).http().get("/api/regions");
    expect(res.body.city).toEqual({ code: "320900", name: "盐城市" });
    expect(res.body.regions).toHaveLength(11);
    expect(res.body.regions.map((r: { name: string }) => r.name)).toContain("盐南高新区");
  });
});

describe("token verification", () => {
  it("remembers a verified token only until it expires, and never accepts a changed one", async () => {
    const tokens = new TokenService(Buffer.alloc(32, 7), 1);
    const { token } = await tokens.issue({ kind: "resident", userId: "64b000000000000000000001" });
    expect(await tokens.verify(token)).toEqual({ kind: "resident", userId: "64b000000000000000000001" });
    // A remembered token is looked up by its whole text: one changed character is checked afresh.
    const forged = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    await expect(tokens.verify(forged)).rejects.toBeInstanceOf(UnauthenticatedError);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(tokens.verify(token)).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

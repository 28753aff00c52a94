import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditRecord } from "../src/audit/audit.model.js";
import { loadConfig } from "../src/config.js";
import { FANOUT_STREAM, FanoutWorker } from "../src/exposures/fanout.js";
import { maskPhone } from "../src/identity/masking.js";
import { Notification } from "../src/notifications/notification.model.js";
import { Ticket } from "../src/tickets/ticket.model.js";
import { User } from "../src/users/user.model.js";
import { Visit, type VisitDocument } from "../src/visits/visit.model.js";
import { startWeChatStandIn } from "../src/wechat/stand-in.js";
import { api, barberShop, flagLastTwoHours, officialAuth } from "./support/api.js";
import { mobile, residentId } from "./support/people.js";
import { listen, readEvents } from "./support/sse.js";
import { fanoutOptions, PRODUCTION_SETTINGS, testConfig, useTestStores } from "./support/stores.js";
import { timePasses, until } from "./support/time.js";

/**
 * The trust model, attacked as a determined resident would: each finding of the review that
 * opened this work is one test here. The real-name check is the provincial service's stand-in over
 * HTTP, as in production.
 */
const standIn = await startWeChatStandIn();
const stores = useTestStores({
  IDENTITY_PROVIDER: "http",
  IDENTITY_PROVIDER_URL: `${standIn.url}/real-name/verify`,
});
let worker: FanoutWorker;
beforeAll(async () => {
  worker = new FanoutWorker({ ...fanoutOptions(stores), claimIdleMs: 500 });
  await worker.start();
});
afterAll(async () => {
  await worker.stop();
  await standIn.stop();
});

const http = () => api(stores.app).http();
const signIn = (name: string) => api(stores.app).signIn(name);
const signInVerified = (name: string, n: number, personName?: string) =>
  api(stores.app).signInVerified(name, n, personName);
type Auth = { Authorization: string };

async function venueOf(owner: Auth, overrides: Record<string, string> = {}) {
  const res = await http()
    .post("/api/venues")
    .set(owner)
    .send({ ...barberShop(), ...overrides });
  if (res.status !== 201) throw new Error(res.text);
  return res.body as { id: string; code: string; regionCode: string };
}

async function setColour(idNumber: string, color: string) {
  const admin = await officialAuth(stores.deps.services, "admin");
  const res = await http().put("/api/health-codes").set(admin).send({ idNumber, color, reason: "测试设定" });
  expect(res.status).toBe(200);
}

/** An official's preview of the last `minutes` (to a minute ago) at one place. */
function previewLastMinutes(official: Auth, place: { code: string } | { venueId: string }, minutes: number) {
  const now = Date.now();
  return http()
    .post("/api/exposures/preview")
    .set(official)
    .send({
      places: [
        { ...place, start: new Date(now - minutes * 60_000).toISOString(), end: new Date(now - 60_000).toISOString() },
      ],
      riskLevel: "high",
      message: "测试",
    });
}

const statuses = (res: { body: { passes: { status: string }[] } }) => res.body.passes.map((p) => p.status);

describe("a red code or an open alert stays with the person", () => {
  it("refuses a new identity number on a verified account, so a red code stays red (renewing the phone is fine)", async () => {
    const resident = await signInVerified("t-red", 9001, "钱红");
    const shop = await venueOf(await signInVerified("t-red-owner", 9002));
    await setColour(residentId(9001), "red");
    const swap = await http()
      .put("/api/me/identity")
      .set(resident)
      .send({ name: "钱红", idNumber: residentId(9003), phone: mobile(9001) });
    expect(swap.status).toBe(409);
    expect(swap.body.error.code).toBe("IDENTITY_LOCKED");
    expect(swap.body.error.userMessage).toContain("不能自行更改");
    expect(statuses(await http().post("/api/scans").set(resident).send({ code: shop.code }))).toEqual(["red"]);
    const phone = await http()
      .put("/api/me/identity")
      .set(resident)
      .send({ name: "钱红", idNumber: residentId(9001), phone: mobile(9004) });
    expect(phone.status).toBe(200);
    expect(phone.body.identity.phone).toBe(maskPhone(mobile(9004)));
  });

  it("keeps an open alert yellow whether the person changes identity, is added by a friend, or is entered by staff under another name", async () => {
    const owner = await signInVerified("t-alert-owner", 9011);
    const flagged = await venueOf(owner, { name: "风险面馆" });
    const door = await venueOf(owner, { name: "隔壁超市", categoryId: "supermarket" });
    const resident = await signInVerified("t-alerted", 9012, "孙黄");
    await http().post("/api/scans").set(resident).send({ code: flagged.code });
    await timePasses(60);
    const health = await officialAuth(stores.deps.services, "health");
    const event = await flagLastTwoHours(stores.app, health, flagged.code);
    await until(async () => (await Notification.countDocuments({ exposureId: event.body.id })) === 1);

    const swap = await http()
      .put("/api/me/identity")
      .set(resident)
      .send({ name: "孙黄", idNumber: residentId(9013), phone: mobile(9012) });
    expect(swap.body.error.code).toBe("IDENTITY_LOCKED");
    expect(statuses(await http().post("/api/scans").set(resident).send({ code: door.code }))).toEqual(["yellow"]);

    // A friend adds the alerted person as a companion: they must agree, and their pass is still yellow.
    const friend = await signInVerified("t-alert-friend", 9014);
    const added = await http()
      .post("/api/me/companions")
      .set(friend)
      .send({ name: "孙黄", idNumber: residentId(9012), relation: "朋友" });
    expect(added.body.consent).toBe("pending");
    const request = (await http().get("/api/me/companion-requests").set(resident)).body.requests[0];
    await http().post(`/api/me/companion-requests/${request.id}`).set(resident).send({ decision: "accept" });
    const together = await http()
      .post("/api/scans")
      .set(friend)
      .send({ code: flagged.code, companionIds: [added.body.id] });
    expect(statuses(together)).toEqual(["green", "yellow"]);

    // Staff enter the person under another name: the real-name check refuses the pair...
    standIn.realNames.set(residentId(9012), "孙黄");
    const renamed = await http()
      .post(`/api/venues/${door.id}/manual-entries`)
      .set(owner)
      .send({ name: "李白", idNumber: residentId(9012), phone: mobile(9015) });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.details).toEqual([expect.objectContaining({ path: "name" })]);
    // ...and under their own name the pass is yellow.
    const entered = await http()
      .post(`/api/venues/${door.id}/manual-entries`)
      .set(owner)
      .send({ name: "孙黄", idNumber: residentId(9012), phone: mobile(9015) });
    expect(entered.body.pass.status).toBe("yellow");
  });

  it("moves an official's correction of a mistyped number together with the person's colour, alerts and visits", async () => {
    const shop = await venueOf(await signInVerified("t-fix-owner", 9021));
    const resident = await signInVerified("t-mistyped", 9022, "周正");
    await http().post("/api/scans").set(resident).send({ code: shop.code });
    await setColour(residentId(9022), "yellow");
    const health = await officialAuth(stores.deps.services, "health");
    const noReason = await http()
      .post("/api/identity-corrections")
      .set(health)
      .send({ idNumber: residentId(9022), correctName: "周正", correctIdNumber: residentId(9023) });
    expect(noReason.body.error.details.map((d: { path: string }) => d.path)).toEqual(["reason"]);
    const fixed = await http()
      .post("/api/identity-corrections")
      .set(health)
      .send({
        idNumber: residentId(9022),
        correctName: "周正",
        correctIdNumber: residentId(9023),
        reason: "本人持身份证核实，认证时输错一位",
      });
    expect(fixed.status).toBe(200);
    expect((await http().get("/api/me").set(resident)).body.identity.idNumber).toBe(
      `320***********${residentId(9023).slice(-4)}`,
    );
    const hash = stores.deps.services.protector.hash(residentId(9023));
    expect(await Visit.countDocuments({ personHash: hash })).toBe(1);
    expect(statuses(await http().post("/api/scans").set(resident).send({ code: shop.code }))).toEqual(["yellow"]);
    const audit = await AuditRecord.findOne({ action: "identity.correct" }).lean();
    expect(audit?.query).toMatchObject({ reason: "本人持身份证核实，认证时输错一位" });
    expect(JSON.stringify(audit)).not.toContain(residentId(9023));
  });
});

describe("one person, one account", () => {
  it("creates no account from an anonymous chat, whatever it is told", async () => {
    const before = await User.countDocuments();
    const say = (text: string) => http().post("/api/chat").send({ sessionId: "t-anonymous-01", text });
    for (const text of ["我要申领场所码", "钱多多", residentId(9031), mobile(9031), "添加随行人员", "确认"]) {
      expect((await say(text)).status).toBe(200);
    }
    expect(await User.countDocuments()).toBe(before);
  });

  it("lets the true holder of a squatted number claim it; nothing changes until an official grants it", async () => {
    const squatter = await signInVerified("t-squatter", 9041, "吴真");
    const squatterCompanion = await http()
      .post("/api/me/companions")
      .set(squatter)
      .send({ name: "吴小", idNumber: residentId(9042), relation: "子女" });
    const holder = await signIn("t-true-holder");
    const person = { name: "吴真", idNumber: residentId(9041), phone: mobile(9043) };
    const refused = await http().put("/api/me/identity").set(holder).send(person);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: "IDENTITY_IN_USE",
      details: { claim: "POST /api/me/identity-claims" },
    });
    const claim = await http()
      .post("/api/me/identity-claims")
      .set(holder)
      .send({ ...person, note: "这是我的身份证" });
    expect(claim.status).toBe(201);
    expect(
      (
        await http()
          .post("/api/me/identity-claims")
          .set(holder)
          .send({ ...person, note: "再交一次" })
      ).body.error.code,
    ).toBe("CLAIM_PENDING");
    // Meanwhile neither side loses anything.
    expect((await http().get("/api/me").set(squatter)).body.realNameVerified).toBe(true);
    expect((await http().get("/api/me/companions").set(squatter)).body.companions).toHaveLength(1);

    const district = await officialAuth(stores.deps.services, "health", "320902");
    expect((await http().get("/api/identity-claims").set(district)).status).toBe(403);
    const admin = await officialAuth(stores.deps.services, "admin");
    const granted = await http()
      .post(`/api/identity-claims/${claim.body.id}/resolve`)
      .set(admin)
      .send({ decision: "grant", reason: "现场核验身份证原件" });
    expect(granted.body.status).toBe("granted");
    expect((await http().get("/api/me").set(holder)).body).toMatchObject({
      realNameVerified: true,
      identity: { name: "吴*" },
    });
    expect((await http().get("/api/me").set(squatter)).body.realNameVerified).toBe(false);
    expect((await http().get("/api/me/companions").set(squatter)).body.companions[0].id).toBe(
      squatterCompanion.body.id,
    );
    expect(await AuditRecord.countDocuments({ action: "identity-claim.grant" })).toBe(1);
  });

  it("checks that name and number belong together with the real-name service, and stores nothing when it cannot tell", async () => {
    standIn.realNames.set(residentId(9051), "郑真名");
    const user = await signIn("t-any-name");
    const wrong = await http()
      .put("/api/me/identity")
      .set(user)
      .send({ name: "随便写", idNumber: residentId(9051), phone: mobile(9051) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe("name");
    expect(wrong.body.error.userMessage).toContain("姓名与身份证号不一致");
    standIn.realNameDown = true;
    try {
      const down = await http()
        .put("/api/me/identity")
        .set(user)
        .send({ name: "郑真名", idNumber: residentId(9051), phone: mobile(9051) });
      expect(down.status).toBe(502);
      expect(down.body.error.userMessage).toContain("实名核验服务暂时不可用");
      expect((await http().get("/api/me").set(user)).body.realNameVerified).toBe(false);
    } finally {
      standIn.realNameDown = false;
    }
    const right = await http()
      .put("/api/me/identity")
      .set(user)
      .send({ name: "郑真名", idNumber: residentId(9051), phone: mobile(9051) });
    expect(right.status).toBe(200);
  });
});

describe("nobody's number on anybody's visits", () => {
  it("never ends a person's own visit elsewhere by checking their number in, and shows a companion's pass as a colour only", async () => {
    const owner = await signInVerified("t-plant-owner", 9061);
    const real = await venueOf(owner, { name: "真实所在" });
    const planted = await venueOf(owner, { name: "伪造地点" });
    const stranger = await signInVerified("t-stranger", 9062, "冯陌生");
    await http().post("/api/scans").set(stranger).send({ code: real.code });

    // Their number, typed by staff at another venue, adds a visit there and ends nothing.
    const entered = await http()
      .post(`/api/venues/${planted.id}/manual-entries`)
      .set(owner)
      .send({ name: "冯陌生", idNumber: residentId(9062), phone: mobile(9063) });
    expect(entered.status).toBe(201);
    const own = await Visit.findOne({ venueId: new mongoose.Types.ObjectId(real.id) }).lean<VisitDocument>();
    expect(own?.endedBy).toBe("dwell");
    expect(own?.endAt.getTime()).toBeGreaterThan(Date.now());

    // Added as someone's companion, the stranger must agree before any check-in.
    const adder = await signInVerified("t-planter", 9064);
    const companion = await http()
      .post("/api/me/companions")
      .set(adder)
      .send({ name: "冯陌生", idNumber: residentId(9062), relation: "朋友" });
    const refused = await http()
      .post("/api/scans")
      .set(adder)
      .send({ code: planted.code, companionIds: [companion.body.id] });
    expect(refused.body.error.code).toBe("COMPANION_CONSENT_MISSING");

    // A companion without an account of their own, whose health code is yellow: the adder sees the colour, not why.
    await setColour(residentId(9065), "yellow");
    const grandma = await http()
      .post("/api/me/companions")
      .set(adder)
      .send({ name: "冯奶奶", idNumber: residentId(9065), relation: "奶奶" });
    const scan = await http()
      .post("/api/scans")
      .set(adder)
      .send({ code: planted.code, companionIds: [grandma.body.id] });
    expect(scan.body.passes[1]).toMatchObject({ status: "yellow", reasons: [], healthCode: null });
    expect(JSON.stringify(scan.body.passes[1])).not.toContain("HEALTH_CODE");

    // The stranger's real visit is still there for tracing.
    await timePasses(30);
    const health = await officialAuth(stores.deps.services, "health");
    const preview = await previewLastMinutes(health, { code: real.code }, 40);
    expect(preview.body.people).toBe(1);
  });

  it("refuses your own number as your companion", async () => {
    const resident = await signInVerified("t-self-companion", 9071, "陈自己");
    const res = await http()
      .post("/api/me/companions")
      .set(resident)
      .send({ name: "陈自己", idNumber: residentId(9071), relation: "其他" });
    expect(res.body.error.code).toBe("COMPANION_IS_YOU");
  });

  it("limits no-phone entries per staff member and venue", async () => {
    const owner = await signInVerified("t-manual-owner", 9081);
    const shop = await venueOf(owner);
    const statusesSeen: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await http()
        .post(`/api/venues/${shop.id}/manual-entries`)
        .set(owner)
        .send({ name: "访客", idNumber: residentId(9100 + i), phone: mobile(9100 + i) });
      statusesSeen.push(res.status);
    }
    expect(statusesSeen.filter((s) => s === 201)).toHaveLength(10);
    expect(statusesSeen.slice(10)).toEqual([429, 429]);
  });
});

describe("staff by invitation", () => {
  it("has no way to add staff by user id, and never shows another user's nickname", async () => {
    const owner = await signInVerified("t-inviter", 9091);
    const shop = await venueOf(owner);
    const clerk = await signInVerified("t-clerk-nickname-秘密", 9092, "许店员");
    const clerkId = (await http().get("/api/me").set(clerk)).body.id;
    const old = await http().post(`/api/venues/${shop.id}/staff`).set(owner).send({ userId: clerkId });
    expect([404, 405]).toContain(old.status);
    const invite = await http().post(`/api/venues/${shop.id}/staff-invites`).set(owner);
    // The owner opening their own link is told so, and the invitation is kept for the clerk.
    const own = await http().post("/api/staff-invites/accept").set(owner).send({ code: invite.body.code });
    expect(own.status).toBe(409);
    expect(own.body.error.code).toBe("ALREADY_AT_VENUE");
    const unverified = await signIn("t-unverified-clerk");
    expect(
      (await http().post("/api/staff-invites/accept").set(unverified).send({ code: invite.body.code })).status,
    ).toBe(409);
    const joined = await http().post("/api/staff-invites/accept").set(clerk).send({ code: invite.body.code });
    expect(joined.status).toBe(200);
    expect((await http().post("/api/staff-invites/accept").set(clerk).send({ code: invite.body.code })).status).toBe(
      404,
    );
    const staff = await http().get(`/api/venues/${shop.id}/staff`).set(owner);
    expect(staff.body.staff.map((p: { name: string }) => p.name).sort()).toEqual(["王**", "许**"]);
    expect(JSON.stringify([joined.body, staff.body, invite.body])).not.toContain("秘密");
    expect((await http().delete(`/api/venues/${shop.id}/staff/${clerkId}`).set(owner)).status).toBe(204);
    expect((await http().get(`/api/venues/${shop.id}/visits`).set(clerk)).status).toBe(403);
  });
});

describe("officials' powers stay in their district and leave a trace", () => {
  it("lets a district's health official set colours only for people seen there, with a reason, audited", async () => {
    const shop = await venueOf(await signInVerified("t-district-owner", 9111));
    const seen = await signInVerified("t-seen", 9112);
    await http().post("/api/scans").set(seen).send({ code: shop.code });
    const here = await officialAuth(stores.deps.services, "health", shop.regionCode);
    const elsewhere = await officialAuth(stores.deps.services, "health", "320981");
    const body = { idNumber: residentId(9112), color: "yellow", reason: "密接" };
    expect((await http().put("/api/health-codes").set(elsewhere).send(body)).status).toBe(403);
    expect(
      (
        await http()
          .put("/api/health-codes")
          .set(here)
          .send({ ...body, idNumber: residentId(9113) })
      ).status,
    ).toBe(403);
    const set = await http().put("/api/health-codes").set(here).send(body);
    expect(set.body).toMatchObject({ color: "yellow", previous: "green" });
    const audit = await AuditRecord.findOne({ action: "health-code.set" }).sort({ at: -1 }).lean();
    expect(audit?.query).toMatchObject({ color: "yellow", previous: "green", reason: "密接" });
    expect(JSON.stringify(audit)).not.toContain(residentId(9112));
  });

  it("keeps a venue's district out of its owner's hands, and its past visits in the district they were made in", async () => {
    const owner = await signInVerified("t-mover", 9121);
    const shop = await venueOf(owner);
    const visitor = await signInVerified("t-mover-visitor", 9122);
    await http().post("/api/scans").set(visitor).send({ code: shop.code });
    const patch = await http().patch(`/api/venues/${shop.id}`).set(owner).send({ regionCode: "320902" });
    expect(patch.status).toBe(403);
    expect(patch.body.error.code).toBe("REGION_CHANGE_NEEDS_OFFICIAL");
    const admin = await officialAuth(stores.deps.services, "admin");
    const moved = await http()
      .post(`/api/venues/${shop.id}/region`)
      .set(admin)
      .send({ regionCode: "320902", reason: "行政区划调整" });
    expect(moved.body.regionCode).toBe("320902");
    expect(
      await Visit.countDocuments({ venueId: new mongoose.Types.ObjectId(shop.id), regionCode: shop.regionCode }),
    ).toBe(1);
    expect(await AuditRecord.countDocuments({ action: "venue.region" })).toBe(1);
    // The new district's official reaches no visit made before the move.
    await timePasses(20);
    const newDistrict = await officialAuth(stores.deps.services, "health", "320902");
    const preview = await previewLastMinutes(newDistrict, { venueId: shop.id }, 30);
    expect(preview.body.people).toBe(0);
  });
});

describe("brute force and floods", () => {
  it("counts official sign-in attempts before checking them, so parallel guesses cannot get past five", async () => {
    await stores.deps.services.officials.create({
      username: "t-target",
      password: "the right password",
      role: "health",
    });
    const guess = (password: string) => http().post("/api/auth/login").send({ username: "t-target", password });
    const parallel = await Promise.all(Array.from({ length: 40 }, (_, i) => guess(`wrong ${i}`)));
    expect(parallel.filter((r) => r.status === 401).length).toBeLessThanOrEqual(5);
    expect(parallel.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(35);
    expect((await guess("the right password")).status).toBe(429);
  });

  it("limits sign-in attempts from one address across usernames", async () => {
    const attempts = await Promise.all(
      Array.from({ length: 35 }, (_, i) =>
        http()
          .post("/api/auth/login")
          .send({ username: `t-spray-${i}`, password: "password123" }),
      ),
    );
    expect(attempts.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(5);
  });

  it("limits chat messages and tickets: flooding 转人工 opens one ticket", async () => {
    const say = (sessionId: string, text: string) => http().post("/api/chat").send({ sessionId, text });
    const replies: string[] = [];
    for (let i = 0; i < 35; i++) replies.push((await say("t-flood-session", "转人工")).body.replies[0].text);
    expect(await Ticket.countDocuments({ contactId: "anon:t-flood-session" })).toBe(1);
    expect(replies.slice(30).every((text) => text.includes("太快"))).toBe(true);
    // Many sessions from one address: at most 20 tickets a day.
    for (let i = 0; i < 25; i++) await say(`t-flood-${String(i).padStart(4, "0")}`, "转人工");
    // The first session's ticket counted too: 19 more.
    expect(await Ticket.countDocuments({ contactId: /^anon:t-flood-\d{4}$/ })).toBe(19);
  });

  it("uses the load balancer's X-Forwarded-For for per-address limits only when TRUST_PROXY says so", async () => {
    const owner = await signInVerified("t-proxy-owner", 9131);
    const shop = await venueOf(owner);
    const residents = await Promise.all([0, 1, 2, 3].map((i) => signInVerified(`t-proxy-${i}`, 9132 + i)));
    const { createApp } = await import("../src/app.js");
    const { createServices } = await import("../src/services.js");
    const build = (overrides: Record<string, string>) => {
      const config = testConfig({
        SCAN_RATE_PER_IP_PER_MINUTE: "2",
        ...overrides,
        ...Object.fromEntries(
          Object.entries(stores.deps.config.secrets).map(([name, value]) => [name, value.toString("hex")]),
        ),
      });
      const services = createServices(config, stores.deps.redis, stores.deps.logger);
      return api(createApp({ ...stores.deps, config, services })).http;
    };
    const behind = build({ TRUST_PROXY: "true" });
    const scan = (call: typeof behind, auth: Auth, address: string) =>
      call().post("/api/scans").set(auth).set("X-Forwarded-For", `203.0.113.9, ${address}`).send({ code: shop.code });
    const fromOne = [];
    for (const resident of residents.slice(0, 3)) fromOne.push((await scan(behind, resident, "198.51.100.1")).status);
    expect(fromOne).toEqual([201, 201, 429]);
    expect((await scan(behind, residents[3] as Auth, "198.51.100.2")).status).toBe(201);
    // Without TRUST_PROXY a client cannot pick its own bucket by sending the header.
    const direct = build({});
    const statusesDirect = [];
    for (const [i, resident] of residents.entries())
      statusesDirect.push((await scan(direct, resident, `192.0.2.${i}`)).status);
    expect(statusesDirect.filter((s) => s === 429).length).toBeGreaterThan(0);
  });
});

describe("personal data at rest", () => {
  it("seals a dialogue's answers in Redis", async () => {
    const user = await signIn("t-sealed");
    const say = (text: string) => http().post("/api/chat").set(user).send({ sessionId: "t-sealed-01", text });
    for (const text of ["添加随行人员", "蒋秘密", residentId(9141), mobile(9141)]) await say(text);
    const keys = await stores.deps.redis.keys(`${stores.keyPrefix}chat:session:*`);
    const raw = (await Promise.all(keys.map((key) => stores.deps.redis.get(key.slice(stores.keyPrefix.length))))).join(
      "\n",
    );
    expect(raw.length).toBeGreaterThan(0);
    for (const secret of ["蒋秘密", residentId(9141), mobile(9141)]) expect(raw).not.toContain(secret);
    expect(raw).toMatch(/^v1\./m);
  });

  it("deletes delivered queue entries, and lets alerts expire with the retention period", async () => {
    const shop = await venueOf(await signInVerified("t-expiry-owner", 9151));
    const resident = await signInVerified("t-expiry", 9152);
    await http().post("/api/scans").set(resident).send({ code: shop.code });
    await timePasses(60);
    const health = await officialAuth(stores.deps.services, "health");
    const event = await flagLastTwoHours(stores.app, health, shop.code);
    await until(async () => (await Notification.countDocuments({ exposureId: event.body.id })) === 1);
    await until(async () => (await stores.deps.redis.xlen(FANOUT_STREAM)) === 0);
    const alert = await Notification.findOne({ exposureId: event.body.id }).lean();
    const days = ((alert?.expiresAt?.getTime() ?? 0) - (alert?.createdAt.getTime() ?? 0)) / 86_400_000;
    expect(Math.round(days)).toBe(stores.deps.config.retentionDays);
    const indexes = await Notification.collection.indexes();
    expect(indexes.find((index) => index.key.expiresAt === 1)?.expireAfterSeconds).toBe(0);
  });
});

describe("found by attacking it from outside", () => {
  it("never replays an old green pass: a request id counts only at its own code, and passes are as of now", async () => {
    const owner = await signInVerified("t-replay-owner", 9161);
    const first = await venueOf(owner, { name: "第一家店" });
    const second = await venueOf(owner, { name: "第二家店" });
    const resident = await signInVerified("t-replayer", 9162);
    const scan = (code: string) => http().post("/api/scans").set(resident).send({ code, requestId: "keep-me-green" });
    expect(statuses(await scan(first.code))).toEqual(["green"]);
    await setColour(residentId(9162), "red");
    const again = await scan(first.code);
    expect(again.status).toBe(200);
    expect(statuses(again)).toEqual(["red"]);
    const elsewhere = await scan(second.code);
    expect(elsewhere.status).toBe(201);
    expect(statuses(elsewhere)).toEqual(["red"]);
    expect(await Visit.countDocuments({ venueId: new mongoose.Types.ObjectId(second.id) })).toBe(1);
  });

  it("marks a visitor registered by staff, who has no account, so their next pass is yellow", async () => {
    const owner = await signInVerified("t-noaccount-owner", 9171);
    const flagged = await venueOf(owner, { name: "标记面馆" });
    const next = await venueOf(owner, { name: "下一家店" });
    const visitor = { name: "丁爷爷", idNumber: residentId(9172) };
    // No phone with them, and the server agrees that is fine.
    const entered = await http().post(`/api/venues/${flagged.id}/manual-entries`).set(owner).send(visitor);
    expect(entered.status).toBe(201);
    await timePasses(60);
    const health = await officialAuth(stores.deps.services, "health");
    const event = await flagLastTwoHours(stores.app, health, flagged.code);
    await until(async () => (await http().get(`/api/exposures/${event.body.id}`).set(health)).body.status === "done");
    const progress = (await http().get(`/api/exposures/${event.body.id}`).set(health)).body;
    expect(progress).toMatchObject({ delivered: 0, failed: 1, byChannel: { inbox: 0 } });
    const later = await http()
      .post(`/api/venues/${next.id}/manual-entries`)
      .set(owner)
      .send({ ...visitor, phone: "0515-85212345" });
    expect(later.status).toBe(201);
    // The door sees the colour, not why.
    expect(later.body.pass).toMatchObject({ status: "yellow", reasons: [], healthCode: null });
  });

  it("lets a person see the visits others recorded under their identity", async () => {
    const owner = await signInVerified("t-seen-owner", 9181);
    const shop = await venueOf(owner, { name: "代登记小店" });
    const person = await signInVerified("t-seen-person", 9182, "韩看见");
    await http()
      .post(`/api/venues/${shop.id}/manual-entries`)
      .set(owner)
      .send({ name: "韩看见", idNumber: residentId(9182) });
    const mine = (await http().get("/api/me/visits").set(person)).body.visits;
    expect(mine).toEqual([
      expect.objectContaining({
        venue: expect.objectContaining({ name: "代登记小店" }),
        source: "manual",
        recordedBy: "someone-else",
      }),
    ]);
  });

  it("holds the day's companion allowance against requests sent all at once", async () => {
    const resident = await signInVerified("t-parallel-adder", 9191);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        http()
          .post("/api/me/companions")
          .set(resident)
          .send({ name: "并发", idNumber: residentId(9200 + i), relation: "亲属" }),
      ),
    );
    // Exactly the allowance: those sent together neither get past it nor use it up without being added.
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect((await http().get("/api/me/companions").set(resident)).body.companions).toHaveLength(3);
    const burst = await signInVerified("t-burst-adder", 9192);
    const five = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        http()
          .post("/api/me/companions")
          .set(burst)
          .send({ name: "并发", idNumber: residentId(9230 + i), relation: "亲属" }),
      ),
    );
    expect(five.map((r) => r.status).sort()).toEqual([201, 201, 201, 429, 429]);
    expect((await http().get("/api/me/companions").set(burst)).body.companions).toHaveLength(3);
  });

  it("does not give a day's companion place back when one is deleted, so delete-and-add cannot look up colours without end", async () => {
    const resident = await signInVerified("t-delete-adder", 9261);
    const add = (i: number) =>
      http()
        .post("/api/me/companions")
        .set(resident)
        .send({ name: "轮换", idNumber: residentId(9270 + i), relation: "亲属" });
    for (let i = 0; i < 3; i++) expect((await add(i)).status).toBe(201);
    const [first] = (await http().get("/api/me/companions").set(resident)).body.companions;
    expect((await http().delete(`/api/me/companions/${first.id}`).set(resident)).status).toBe(204);
    const fourth = await add(3);
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.userMessage).toContain("上限");
    expect((await http().get("/api/me/companions").set(resident)).body.companions).toHaveLength(2);
  });

  it("asks again for consent when the number now belongs to someone else, and refuses a claim for a verified claimant", async () => {
    const first = await signInVerified("t-consent-first", 9221, "邹一");
    const adder = await signInVerified("t-consent-adder", 9222);
    const companion = await http()
      .post("/api/me/companions")
      .set(adder)
      .send({ name: "邹一", idNumber: residentId(9221), relation: "朋友" });
    const request = (await http().get("/api/me/companion-requests").set(first)).body.requests[0];
    await http().post(`/api/me/companion-requests/${request.id}`).set(first).send({ decision: "accept" });
    // The number was mistyped: an official corrects it, and someone else verifies the old number.
    const admin = await officialAuth(stores.deps.services, "admin");
    await http()
      .post("/api/identity-corrections")
      .set(admin)
      .send({
        idNumber: residentId(9221),
        correctName: "邹一",
        correctIdNumber: residentId(9223),
        reason: "认证时输错",
      });
    await signInVerified("t-consent-new-holder", 9221, "邹一");
    const shop = await venueOf(adder, { name: "同意测试店" });
    const scan = await http()
      .post("/api/scans")
      .set(adder)
      .send({ code: shop.code, companionIds: [companion.body.id] });
    expect(scan.body.error.code).toBe("COMPANION_CONSENT_MISSING");

    // A claimant who verifies another number meanwhile cannot also be granted the claimed one.
    const holder = await signInVerified("t-claimed-holder", 9231, "严真");
    const claimant = await signIn("t-double-claimant");
    const claim = await http()
      .post("/api/me/identity-claims")
      .set(claimant)
      .send({ name: "严真", idNumber: residentId(9231), phone: mobile(9231), note: "是我的" });
    await http()
      .put("/api/me/identity")
      .set(claimant)
      .send({ name: "严另", idNumber: residentId(9232), phone: mobile(9232) });
    const grant = await http()
      .post(`/api/identity-claims/${claim.body.id}/resolve`)
      .set(admin)
      .send({ decision: "grant", reason: "核实" });
    expect(grant.body.error.code).toBe("CLAIMANT_VERIFIED");
    expect((await http().get("/api/me").set(holder)).body.realNameVerified).toBe(true);
  });

  it("lets a sign-in link be confirmed once, so nobody who saw the QR code can swap in their account", async () => {
    const link = (await http().post("/api/chat/sign-in-links").send({ sessionId: "t-link-once-01" })).body;
    const token = link.url.split("/l/")[1];
    expect(
      (
        await http()
          .post(`/api/me/sign-in-links/${token}`)
          .set(await signIn("t-link-owner"))
      ).status,
    ).toBe(200);
    expect(
      (
        await http()
          .post(`/api/me/sign-in-links/${token}`)
          .set(await signIn("t-link-thief"))
      ).status,
    ).toBe(404);
    const collected = await http().post(`/api/chat/sign-in-links/${token}/collect`).send({ secret: link.secret });
    expect(collected.body.user.nickname).toBe("t-link-owner");
  });

  it("closes a removed staff member's door screen", async () => {
    const owner = await signInVerified("t-stream-owner", 9241);
    const shop = await venueOf(owner, { name: "门口屏幕店" });
    const clerk = await signInVerified("t-stream-clerk", 9242);
    const invite = (await http().post(`/api/venues/${shop.id}/staff-invites`).set(owner)).body;
    await http().post("/api/staff-invites/accept").set(clerk).send({ code: invite.code });
    const clerkId = (await http().get("/api/me").set(clerk)).body.id;
    const server = await listen(stores.app);
    try {
      const token = clerk.Authorization.slice("Bearer ".length);
      const feed = readEvents(
        `${server.url}/api/venues/${shop.id}/visits/stream?access_token=${token}`,
        "scan",
        () => false,
      );
      await feed.opened;
      const removedAt = Date.now();
      await http().delete(`/api/venues/${shop.id}/staff/${clerkId}`).set(owner);
      await feed.events;
      expect(Date.now() - removedAt).toBeLessThan(15_000);
    } finally {
      server.close();
    }
  }, 20_000);

  it("keeps identity numbers out of free text, and limits invitations and public posters", async () => {
    const health = await officialAuth(stores.deps.services, "health");
    const reason = await http()
      .put("/api/health-codes")
      .set(health)
      .send({ idNumber: residentId(9251), color: "yellow", reason: `复核 ${residentId(9251)}` });
    expect(reason.body.error.details[0]).toMatchObject({ path: "reason" });
    // Written as people write it, in groups: still an identity number.
    const id = residentId(9251);
    for (const written of [
      `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`,
      `${id.slice(0, 6)}-${id.slice(6)}`,
    ]) {
      const grouped = await http()
        .put("/api/health-codes")
        .set(health)
        .send({ idNumber: id, color: "yellow", reason: `复核 ${written}` });
      expect(grouped.status, written).toBe(400);
      expect(grouped.body.error.details[0]).toMatchObject({ path: "reason" });
    }
    // Nor may one be a name the service keeps in Redis: a chat's session, an official's sign-in name.
    const session = await http()
      .post("/api/chat")
      .send({ sessionId: id.replace("X", "0"), text: "你好" });
    expect(session.status).toBe(400);
    expect(session.body.error.field).toBe("sessionId");
    const login = await http().post("/api/auth/login").send({ username: id, password: "whatever-password" });
    expect(login.status).toBe(400);
    expect(login.body.error.field).toBe("username");
    const owner = await signInVerified("t-limits-owner", 9252);
    const shop = await venueOf(owner, { name: "限流小店" });
    const invites = [];
    for (let i = 0; i < 21; i++)
      invites.push((await http().post(`/api/venues/${shop.id}/staff-invites`).set(owner)).status);
    expect(invites.filter((s) => s === 201)).toHaveLength(20);
    expect(invites.at(-1)).toBe(429);
    const posters = await Promise.all(
      Array.from({ length: 31 }, () => http().get(`/api/venue-codes/${shop.code}/poster`)),
    );
    expect(posters.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
  });
});

describe("safe defaults", () => {
  it("refuses production without a real MongoDB, Redis and real-name service", () => {
    const secrets = Object.fromEntries(
      ["JWT_SECRET", "IDENTITY_HASH_KEY", "IDENTITY_ENCRYPTION_KEY", "VENUE_CODE_SECRET"].map((name) => [
        name,
        "ab".repeat(32),
      ]),
    );
    const bare = loadConfig({ NODE_ENV: "production", ...secrets });
    expect(bare.ok).toBe(false);
    if (bare.ok) return;
    expect(bare.errors.map((e) => e.split(":")[0]).sort()).toEqual(["IDENTITY_PROVIDER", "MONGODB_URI", "REDIS_URL"]);
    expect(loadConfig({ ...PRODUCTION_SETTINGS, ...secrets }).ok).toBe(true);
  });
});

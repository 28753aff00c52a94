import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { api, barberShop, officialAuth } from "../../test/support/api.js";
import { mobile, residentId } from "../../test/support/people.js";
import { listen, readEvents } from "../../test/support/sse.js";
import { useTestStores } from "../../test/support/stores.js";
import { timePasses } from "../../test/support/time.js";
import { Companion } from "../companions/companion.model.js";
import { Visit } from "../visits/visit.model.js";

const stores = useTestStores();

const healthToken = () => officialAuth(stores.deps.services, "health");

async function newVenue(owner: { Authorization: string }, overrides: Record<string, string> = {}) {
  const res = await api(stores.app)
    .http()
    .post("/api/venues")
    .set(owner)
    .send({ ...barberShop(), ...overrides });
  if (res.status !== 201) throw new Error(res.text);
  return res.body as { id: string; code: string };
}

describe("scanning (acceptance)", () => {
  it("checks in a resident and two companions, repeats, turns red, registers a phoneless visitor, and streams it", async () => {
    const { http: call, signInVerified } = api(stores.app);
    const owner = await signInVerified("scan-owner", 101);
    const resident = await signInVerified("scan-resident", 102, "李秀英");
    const venue = await newVenue(owner);

    const grandpa = await call()
      .post("/api/me/companions")
      .set(resident)
      .send({ name: "李大爷", idNumber: residentId(103), relation: "爷爷" });
    const child = await call()
      .post("/api/me/companions")
      .set(resident)
      .send({ name: "李小宝", idNumber: residentId(104), relation: "子女" });
    expect([grandpa.status, child.status]).toEqual([201, 201]);

    // The door screen is open before anyone scans.
    const server = await listen(stores.app);
    const ownerToken = owner.Authorization.slice("Bearer ".length);
    const feed = readEvents(
      `${server.url}/api/venues/${venue.id}/visits/stream?access_token=${ownerToken}`,
      "scan",
      (events) => events.length >= 5,
    );
    await feed.opened;

    const scan = { code: venue.code, companionIds: [grandpa.body.id, child.body.id] };
    const first = await call().post("/api/scans").set(resident).send(scan);
    expect(first.status).toBe(201);
    expect(first.body.visits).toHaveLength(3);
    expect(first.body.passes.map((p: { status: string }) => p.status)).toEqual(["green", "green", "green"]);
    expect(first.body.passes.map((p: { personName: string }) => p.personName)).toEqual(["李**", "李**", "李**"]);
    expect(first.body.visits.map((v: { source: string }) => v.source)).toEqual(["scan", "companion", "companion"]);
    expect(first.body.passes[0]).toMatchObject({
      venueName: "王记理发店",
      healthCode: { available: true, colour: "green" },
    });

    const again = await call().post("/api/scans").set(resident).send(scan);
    expect(again.status).toBe(200);
    expect(again.body.visits.map((v: { id: string }) => v.id)).toEqual(
      first.body.visits.map((v: { id: string }) => v.id),
    );

    const health = await healthToken();
    const set = await call()
      .put("/api/health-codes")
      .set(health)
      .send({ idNumber: residentId(102), color: "red", reason: "核酸检测阳性" });
    expect(set.status).toBe(200);
    expect(set.body.idNumber).toMatch(/^320\*{11}\w{4}$/);
    const afterRed = await call().post("/api/scans").set(resident).send({ code: venue.code });
    expect(afterRed.body.passes[0]).toMatchObject({ status: "red", reasons: [{ code: "HEALTH_CODE_RED" }] });

    const manual = await call()
      .post(`/api/venues/${venue.id}/manual-entries`)
      .set(owner)
      .send({ name: "赵奶奶", idNumber: residentId(105), phone: mobile(105) });
    expect(manual.status).toBe(201);
    expect(manual.body.visit.source).toBe("manual");
    expect(manual.body.pass).toMatchObject({ personName: "赵**", status: "green" });
    expect(JSON.stringify(manual.body)).not.toContain(residentId(105));

    const events = (await feed.events) as { source: string; venueId: string; flagged: boolean }[];
    feed.close();
    server.close();
    // The scan after turning red is the same visit, shown to the door again: red now.
    expect(events.map((e) => [e.source, e.flagged])).toEqual([
      ["scan", false],
      ["companion", false],
      ["companion", false],
      ["scan", true],
      ["manual", false],
    ]);
    expect(events.every((e) => e.venueId === venue.id)).toBe(true);

    const stranger = await signInVerified("scan-stranger", 106);
    for (const [method, path] of [
      ["get", `/api/venues/${venue.id}/visits`],
      ["get", `/api/venues/${venue.id}/visits/stream`],
      ["post", `/api/venues/${venue.id}/manual-entries`],
    ] as const) {
      const res = await call()
        [method](path)
        .set(stranger)
        .send({ name: "赵奶奶", idNumber: residentId(105), phone: mobile(105) });
      expect(res.status).toBe(403);
    }
    const live = await call().get(`/api/venues/${venue.id}/visits`).set(owner);
    expect(live.body.visits).toHaveLength(4);
    expect(live.body.visits[0]).toMatchObject({ source: "manual", personName: "赵**", flagged: false });
    // The door list shows the resident as the pass on their phone does, not as they were at check-in.
    const residentOnList = live.body.visits.find((v: { source: string }) => v.source === "scan");
    expect(residentOnList).toMatchObject({ passStatus: "red", flagged: true });
  });

  it("records exactly 200 visits for 200 residents scanning at once, with no 5xx", async () => {
    const { http: call, signInVerified } = api(stores.app);
    const owner = await signInVerified("crowd-owner", 200);
    const venue = await newVenue(owner, { name: "人民商场", categoryId: "commercial-complex" });
    const residents = await Promise.all(Array.from({ length: 200 }, (_, i) => signInVerified(`crowd-${i}`, 300 + i)));
    const results = await Promise.all(
      residents.map((auth) => call().post("/api/scans").set(auth).send({ code: venue.code })),
    );
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(await Visit.countDocuments({ venueId: new mongoose.Types.ObjectId(venue.id) })).toBe(200);
  });
});

describe("honest intervals and repeats", () => {
  it("returns the same result for the same requestId, even when sent twice at once among other scans", async () => {
    const { http: call, signInVerified } = api(stores.app);
    const owner = await signInVerified("req-owner", 501);
    const resident = await signInVerified("req-resident", 502);
    const others = await Promise.all([0, 1, 2, 3, 4].map((i) => signInVerified(`req-other-${i}`, 503 + i)));
    const venue = await newVenue(owner);
    const body = { code: venue.code, requestId: "retry-0001-abcdef" };
    // Concurrent check-ins share their writes: a repeated request must not fail the others'.
    const [a, b, ...rest] = await Promise.all([
      call().post("/api/scans").set(resident).send(body),
      call().post("/api/scans").set(resident).send(body),
      ...others.map((other, i) =>
        call()
          .post("/api/scans")
          .set(other)
          .send({ code: venue.code, requestId: `other-000${i}-abcdef` }),
      ),
    ]);
    const later = await call().post("/api/scans").set(resident).send(body);
    expect(a.body.visits[0].id).toBe(b.body.visits[0].id);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(later.body.visits[0].id).toBe(a.body.visits[0].id);
    expect(rest.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(await Visit.countDocuments({ venueId: new mongoose.Types.ObjectId(venue.id) })).toBe(6);
  });

  it("answers a request retried after its ten minutes with its first visit, and ends nothing the person is doing now", async () => {
    const { http: call, signInVerified } = api(stores.app);
    const owner = await signInVerified("late-retry-owner", 541);
    const resident = await signInVerified("late-retry-resident", 542);
    const bakery = await newVenue(owner, { name: "老街烧饼店" });
    const library = await newVenue(owner, { name: "市民服务中心", categoryId: "government-service-center" });
    const request = { code: bakery.code, requestId: "late-retry-0001" };
    const first = await call().post("/api/scans").set(resident).send(request);
    expect(first.status).toBe(201);
    await timePasses(20);
    expect((await call().post("/api/scans").set(resident).send({ code: library.code })).status).toBe(201);
    // Ten minutes on, the repeat-scan claims are gone; the phone's offline queue sends the old request again.
    const claims = await stores.deps.redis.keys("recent-visit:*");
    if (claims.length > 0) await stores.deps.redis.del(...claims);
    const retried = await call().post("/api/scans").set(resident).send(request);
    expect(retried.status).toBe(200);
    expect(retried.body.visits[0].id).toBe(first.body.visits[0].id);
    const mine = await call().get("/api/me/visits").set(resident);
    const names = mine.body.visits.map((v: { venue: { name: string }; endedBy: string }) => [v.venue.name, v.endedBy]);
    // Still at the service centre as far as anyone can tell; the bakery visit was ended by the service-centre scan.
    expect(names).toEqual([
      ["市民服务中心", "dwell"],
      ["老街烧饼店", "moved"],
    ]);
  });

  it("ends the open visit elsewhere when the person scans another venue, and checks out", async () => {
    const { http: call, signInVerified } = api(stores.app);
    const owner = await signInVerified("move-owner", 511);
    const resident = await signInVerified("move-resident", 512);
    const market = await newVenue(owner, { name: "菜市场", categoryId: "farmers-market" });
    const cinema = await newVenue(owner, { name: "大光明影院", categoryId: "cinema-theatre" });
    const atMarket = await call().post("/api/scans").set(resident).send({ code: market.code });
    const projected = Date.parse(atMarket.body.visits[0].endAt) - Date.parse(atMarket.body.visits[0].checkInAt);
    expect(projected).toBe(45 * 60_000);
    const atCinema = await call().post("/api/scans").set(resident).send({ code: cinema.code });
    const mine = await call().get("/api/me/visits").set(resident);
    expect(mine.body.visits.map((v: { venue: { name: string } }) => v.venue.name)).toEqual(["大光明影院", "菜市场"]);
    const marketVisit = mine.body.visits[1];
    expect(marketVisit.endedBy).toBe("moved");
    expect(marketVisit.endAt).toBe(atCinema.body.visits[0].checkInAt);

    const out = await call().post(`/api/visits/${atCinema.body.visits[0].id}/checkout`).set(resident);
    expect(out.body.endedBy).toBe("checkout");
    expect(Date.parse(out.body.endAt)).toBeLessThanOrEqual(Date.now());
    const someoneElse = await signInVerified("move-other", 513);
    expect((await call().post(`/api/visits/${atCinema.body.visits[0].id}/checkout`).set(someoneElse)).status).toBe(404);
    expect((await call().post("/api/visits/nope/checkout").set(resident)).status).toBe(404);
  });

  it("records one return visit when the phone sends the scan twice at once after the visit ended", async () => {
    const { http: call, signInVerified } = api(stores.app);
    const owner = await signInVerified("double-return-owner", 551);
    const resident = await signInVerified("double-return-resident", 552);
    const barber = await newVenue(owner, { name: "建国理发店" });
    const snacks = await newVenue(owner, { name: "赵丽小吃店", categoryId: "bar-restaurant" });
    const scan = (code: string) => call().post("/api/scans").set(resident).send({ code });
    expect((await scan(barber.code)).status).toBe(201);
    expect((await scan(snacks.code)).status).toBe(201);
    const [a, b] = await Promise.all([scan(barber.code), scan(barber.code)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.visits[0].id).toBe(b.body.visits[0].id);
    const mine = await call().get("/api/me/visits").set(resident);
    expect(mine.body.visits.map((v: { venue: { name: string } }) => v.venue.name)).toEqual([
      "建国理发店",
      "赵丽小吃店",
      "建国理发店",
    ]);
  });

  it("records a return visit: A, then B, then A again within ten minutes is a new visit at A", async () => {
    const { http: call, signInVerified } = api(stores.app);
    const owner = await signInVerified("return-owner", 531);
    const resident = await signInVerified("return-resident", 532);
    const grandpa = await call()
      .post("/api/me/companions")
      .set(resident)
      .send({ name: "孙大爷", idNumber: residentId(533), relation: "爷爷" });
    const barber = await newVenue(owner, { name: "建国理发店" });
    const snacks = await newVenue(owner, { name: "赵丽小吃店", categoryId: "bar-restaurant" });
    const scan = (code: string) =>
      call()
        .post("/api/scans")
        .set(resident)
        .send({ code, companionIds: [grandpa.body.id] });
    const first = await scan(barber.code);
    const second = await scan(snacks.code);
    const back = await scan(barber.code);
    expect([first.status, second.status, back.status]).toEqual([201, 201, 201]);
    expect(back.body.repeated).toBe(false);
    expect(back.body.visits.map((v: { id: string }) => v.id)).not.toContain(first.body.visits[0].id);
    expect(back.body.visits.map((v: { endedBy: string }) => v.endedBy)).toEqual(["dwell", "dwell"]);

    const mine = await call().get("/api/me/visits").set(resident);
    const seen = mine.body.visits.map((v: { venue: { name: string }; endedBy: string; person: { relation: string } }) =>
      [v.venue.name, v.person.relation, v.endedBy].join(" "),
    );
    // Newest first; the two visits of one scan share their check-in time.
    const pairs = [0, 2, 4].map((i) => seen.slice(i, i + 2).sort());
    expect(pairs).toEqual([
      ["建国理发店 本人 dwell", "建国理发店 爷爷 dwell"],
      ["赵丽小吃店 本人 moved", "赵丽小吃店 爷爷 moved"],
      ["建国理发店 本人 moved", "建国理发店 爷爷 moved"],
    ]);
    // Scanning the barber's again right away is a repeat of the visit that is open there.
    const repeat = await scan(barber.code);
    expect(repeat.status).toBe(200);
    expect(repeat.body.visits.map((v: { id: string }) => v.id)).toEqual(
      back.body.visits.map((v: { id: string }) => v.id),
    );
    // After checking out, scanning the same venue again is a new visit, not the one that ended.
    await call().post(`/api/visits/${back.body.visits[0].id}/checkout`).set(resident);
    const afterCheckout = await call().post("/api/scans").set(resident).send({ code: barber.code });
    expect(afterCheckout.status).toBe(201);
    expect(afterCheckout.body.visits[0].id).not.toBe(back.body.visits[0].id);
  });

  it("keeps visits only for the retention period", async () => {
    const { http: call, signInVerified } = api(stores.app);
    const owner = await signInVerified("ttl-owner", 521);
    const venue = await newVenue(owner);
    const res = await call().post("/api/scans").set(owner).send({ code: venue.code });
    const visit = await Visit.findById(res.body.visits[0].id).lean();
    expect(visit?.expiresAt.getTime()).toBe((visit?.checkInAt.getTime() ?? 0) + 28 * 86_400_000);
    const indexes = await Visit.collection.indexes();
    expect(indexes.find((i) => i.key.expiresAt === 1)?.expireAfterSeconds).toBe(0);
  });
});

describe("scan errors and permissions", () => {
  it("refuses revoked, forged and unknown codes, missing real names and other people's companions", async () => {
    const { http: call, signIn, signInVerified } = api(stores.app);
    const owner = await signInVerified("err-owner", 601);
    const venue = await newVenue(owner);
    const reissued = await call().post(`/api/venues/${venue.id}/reissue`).set(owner);
    const revoked = await call().post("/api/scans").set(owner).send({ code: venue.code });
    expect(revoked.status).toBe(410);
    expect(revoked.body.error.code).toBe("VENUE_CODE_REVOKED");
    const forged = await call()
      .post("/api/scans")
      .set(owner)
      // One character changed (never to itself: a code ending in x stayed authentic 1 run in 64).
      .send({ code: `${reissued.body.code.slice(0, 19)}${reissued.body.code.endsWith("x") ? "y" : "x"}` });
    expect(forged.status).toBe(404);
    expect(forged.body.error.code).toBe("VENUE_CODE_INVALID");
    expect(
      (
        await call()
          .post("/api/scans")
          .set(owner)
          .send({ code: { $ne: "" } })
      ).status,
    ).toBe(400);

    const anonymous = await call().post("/api/scans").send({ code: reissued.body.code });
    expect(anonymous.status).toBe(401);
    const unverified = await signIn("err-unverified");
    const noName = await call().post("/api/scans").set(unverified).send({ code: reissued.body.code });
    expect(noName.status).toBe(409);
    expect(noName.body.error.code).toBe("IDENTITY_REQUIRED");

    const other = await signInVerified("err-other", 602);
    const theirs = await call()
      .post("/api/me/companions")
      .set(other)
      .send({ name: "王奶奶", idNumber: residentId(603), relation: "奶奶" });
    const borrowed = await call()
      .post("/api/scans")
      .set(owner)
      .send({ code: reissued.body.code, companionIds: [theirs.body.id] });
    expect(borrowed.status).toBe(403);
    const malformed = await call()
      .post("/api/scans")
      .set(owner)
      .send({ code: reissued.body.code, companionIds: ["x"] });
    expect(malformed.status).toBe(400);
    expect(await Visit.countDocuments({ userId: { $exists: true }, venueName: "不存在" })).toBe(0);
  });

  it("manages companions: three new a day, at most ten, no duplicates, removable, listed masked", async () => {
    const { http: call, signInVerified } = api(stores.app);
    const resident = await signInVerified("companion-keeper", 701);
    const add = (n: number) =>
      call()
        .post("/api/me/companions")
        .set(resident)
        .send({ name: "张三", idNumber: residentId(n), relation: "亲属" });
    /**
     * Moves the resident's companions a day back, as if they were added yesterday, and lets the day's
     * count of additions in Redis run out as its 24-hour window would.
     */
    const aDayPasses = async () => {
      const userId = (await call().get("/api/me").set(resident)).body.id;
      await Companion.collection.updateMany(
        { ownerUserId: new mongoose.Types.ObjectId(userId) },
        { $set: { createdAt: new Date(Date.now() - 2 * 86_400_000) } },
      );
      await stores.deps.redis.del(`rate:{companion-added:${userId}}`);
    };
    for (let i = 0; i < 10; i++) {
      if (i > 0 && i % 3 === 0) {
        const fourth = await add(750 + i);
        expect(fourth.status).toBe(429);
        expect(fourth.body.error.code).toBe("COMPANION_ADD_LIMITED");
        expect(fourth.body.error.userMessage).toContain("每天最多 3 位新的");
        expect(Number(fourth.headers["retry-after"])).toBeGreaterThan(20 * 3600);
        await aDayPasses();
      }
      expect((await add(710 + i)).status).toBe(201);
    }
    const eleventh = await add(730);
    expect(eleventh.body.error.code).toBe("TOO_MANY_COMPANIONS");
    const list = await call().get("/api/me/companions").set(resident);
    expect(list.body.companions).toHaveLength(10);
    expect(list.body.companions[0]).toMatchObject({ name: "张*", relation: "亲属", consent: "not-needed" });
    const duplicateAfterRemoval = list.body.companions[0];
    expect((await call().delete(`/api/me/companions/${duplicateAfterRemoval.id}`).set(resident)).status).toBe(204);
    expect((await call().delete(`/api/me/companions/${duplicateAfterRemoval.id}`).set(resident)).status).toBe(404);
    const again = await add(711);
    expect(again.body.error.code).toBe("COMPANION_EXISTS");
    const badRelation = await call()
      .post("/api/me/companions")
      .set(resident)
      .send({ name: "张三", idNumber: residentId(740), relation: "boss" });
    expect(badRelation.body.error.details[0].path).toBe("relation");
  });

  it("lets the owner invite staff, who may then register visitors; only officials set colours, with a reason", async () => {
    const { http: call, signInVerified } = api(stores.app);
    const owner = await signInVerified("staff-owner", 801);
    const clerk = await signInVerified("staff-clerk", 802);
    const venue = await newVenue(owner);
    expect((await call().post(`/api/venues/${venue.id}/staff-invites`).set(clerk)).status).toBe(403);
    const invite = await call().post(`/api/venues/${venue.id}/staff-invites`).set(owner);
    expect(invite.status).toBe(201);
    expect(invite.body.url).toMatch(/\/i\/[A-HJ-NP-Z2-9]{10}$/);
    const before = await call()
      .post(`/api/venues/${venue.id}/manual-entries`)
      .set(clerk)
      .send({ name: "钱爷爷", idNumber: residentId(803), phone: mobile(803) });
    expect(before.status).toBe(403);
    const joined = await call().post("/api/staff-invites/accept").set(clerk).send({ code: invite.body.code });
    expect(joined.body).toMatchObject({ venue: { id: venue.id, name: "王记理发店" }, role: "staff" });
    const entry = await call()
      .post(`/api/venues/${venue.id}/manual-entries`)
      .set(clerk)
      .send({ name: "钱爷爷", idNumber: residentId(803), phone: mobile(803) });
    expect(entry.status).toBe(201);
    expect(
      (
        await call()
          .put("/api/health-codes")
          .set(owner)
          .send({ idNumber: residentId(803), color: "red", reason: "核酸阳性" })
      ).status,
    ).toBe(403);
    const health = await healthToken();
    const bad = await call()
      .put("/api/health-codes")
      .set(health)
      .send({ idNumber: residentId(803), color: "purple" });
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["color", "reason"]);
  });
});

import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, barberShop, flagLastTwoHours, officialAuth } from "../../test/support/api.js";
import { mobile, residentId } from "../../test/support/people.js";
import { fanoutOptions, useTestStores } from "../../test/support/stores.js";
import { timePasses } from "../../test/support/time.js";
import { AuditRecord } from "../audit/audit.model.js";
import { Visit, type VisitDocument } from "../visits/visit.model.js";
import { FanoutWorker } from "./fanout.js";

const stores = useTestStores();
let worker: FanoutWorker;
beforeAll(async () => {
  worker = new FanoutWorker(fanoutOptions(stores));
  await worker.start();
});
afterAll(() => worker.stop());

async function waitUntilDone(health: { Authorization: string }, id: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const progress = await api(stores.app).http().get(`/api/exposures/${id}`).set(health);
    if (progress.body.status === "done" || Date.now() > deadline) return progress.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("exposure alerts (acceptance)", () => {
  it("alerts exactly the people whose visits overlapped the window, companions through their resident, and turns them yellow", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("exp-owner", 1401);
    const market = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "东坎菜市场", categoryId: "farmers-market" })
    ).body;
    const cinema = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "东坎影院", categoryId: "cinema-theatre" })
    ).body;
    const [r1, r2, r3, r4] = await Promise.all([1402, 1403, 1404, 1405].map((n) => signInVerified(`exp-r${n}`, n)));
    const grandpa = (
      await http()
        .post("/api/me/companions")
        .set(r1 as never)
        .send({ name: "周大爷", idNumber: residentId(1406), relation: "爷爷" })
    ).body;

    // t = 0: r1 (with grandpa) and r2 at the market, r3 at the cinema, a visitor without a phone at the market.
    await http()
      .post("/api/scans")
      .set(r1 as never)
      .send({ code: market.code, companionIds: [grandpa.id] });
    const r2Scan = await http()
      .post("/api/scans")
      .set(r2 as never)
      .send({ code: market.code });
    await http()
      .post("/api/scans")
      .set(r3 as never)
      .send({ code: cinema.code });
    await http()
      .post(`/api/venues/${market.id}/manual-entries`)
      .set(owner)
      .send({ name: "孙奶奶", idNumber: residentId(1407), phone: mobile(1407) });
    await timePasses(40);
    // t = 40: r1 and grandpa move on to the cinema; r2 checks out.
    await http()
      .post("/api/scans")
      .set(r1 as never)
      .send({ code: cinema.code, companionIds: [grandpa.id] });
    await http()
      .post(`/api/visits/${r2Scan.body.visits[0].id}/checkout`)
      .set(r2 as never);
    await timePasses(40);
    // t = 80: r4 arrives at the market.
    await http()
      .post("/api/scans")
      .set(r4 as never)
      .send({ code: market.code });
    await timePasses(20);
    // now = t 100. The window at the market is t 30 .. t 90.
    const now = Date.now();
    const window = { start: new Date(now - 70 * 60_000), end: new Date(now - 10 * 60_000) };

    const marketVisits = await Visit.find({ venueId: new mongoose.Types.ObjectId(market.id) }).lean<VisitDocument[]>();
    const expected = new Set(
      marketVisits
        .filter(
          (v) =>
            Math.min(v.endAt.getTime(), window.end.getTime()) -
              Math.max(v.checkInAt.getTime(), window.start.getTime()) >=
            60_000,
        )
        .map((v) => v.personHash),
    );
    expect(expected.size).toBe(5);

    const health = await officialAuth(stores.deps.services, "health");
    const body = {
      places: [{ code: market.code, start: window.start.toISOString(), end: window.end.toISOString() }],
      riskLevel: "high",
      message: "请于24小时内到就近核酸检测点检测",
    };
    const preview = await http().post("/api/exposures/preview").set(health).send(body);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ people: 5, visits: 5, byVenue: [{ venueName: "东坎菜市场", people: 5 }] });

    const created = await http().post("/api/exposures").set(health).send(body);
    expect(created.status).toBe(202);
    const progress = await waitUntilDone(health, created.body.id);
    expect(progress).toMatchObject({ status: "done", total: 5, delivered: 4, failed: 1, byChannel: { inbox: 4 } });

    const inboxOf = async (auth: unknown) =>
      (
        await http()
          .get("/api/me/notifications")
          .set(auth as never)
      ).body.notifications;
    const r1Inbox = await inboxOf(r1);
    expect(r1Inbox).toHaveLength(2);
    expect(r1Inbox.every((n: { exposureId: string }) => n.exposureId === created.body.id)).toBe(true);
    expect(r1Inbox.map((n: { about: { relation: string } }) => n.about.relation).sort()).toEqual(["本人", "爷爷"]);
    const own = r1Inbox.find((n: { about: { relation: string } }) => n.about.relation === "本人");
    expect(own.text).toMatch(/在 东坎菜市场，与风险时段重叠 10 分钟/);
    expect(own.text).toContain("高风险");
    expect((await inboxOf(r2)).length).toBe(1);
    expect((await inboxOf(r4)).length).toBe(1);
    expect(await inboxOf(r3)).toEqual([]);
    expect(await inboxOf(owner)).toEqual([]);

    const next = await http()
      .post("/api/scans")
      .set(r4 as never)
      .send({ code: cinema.code });
    expect(next.body.passes[0]).toMatchObject({ status: "yellow", reasons: [{ code: "EXPOSURE_ALERT" }] });
    const bystander = await http()
      .post("/api/scans")
      .set(r3 as never)
      .send({ code: market.code });
    expect(bystander.body.passes[0].status).toBe("green");

    const audit = await AuditRecord.find().lean();
    expect(audit.map((a) => a.action).sort()).toEqual(["exposure.create", "exposure.preview"]);
    expect(audit.every((a) => a.peopleTouched === 5)).toBe(true);
  });

  it("builds windows from a case's own visits, excluding the case, and audits the look-up without the number", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("case-owner", 1501);
    const shop = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "案例超市", categoryId: "supermarket" })
    ).body;
    const patient = await signInVerified("case-patient", 1502);
    const neighbour = await signInVerified("case-neighbour", 1503);
    await http().post("/api/scans").set(patient).send({ code: shop.code });
    await http().post("/api/scans").set(neighbour).send({ code: shop.code });
    await timePasses(120);
    const health = await officialAuth(stores.deps.services, "health");
    const now = Date.now();
    const body = {
      case: {
        idNumber: residentId(1502),
        from: new Date(now - 24 * 3600_000).toISOString(),
        to: new Date(now).toISOString(),
      },
      riskLevel: "medium",
      message: "请做好健康监测",
    };
    const preview = await http().post("/api/exposures/preview").set(health).send(body);
    expect(preview.body).toMatchObject({ people: 1, windows: 1 });
    const record = await AuditRecord.findOne({ action: "exposure.preview.case" }).lean();
    expect(JSON.stringify(record)).not.toContain(residentId(1502));
  });

  it("bounds a case's own estimated stays by the event's estimate too, widening and narrowing its windows", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("case-stay-owner", 1511);
    const shop = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "估算超市", categoryId: "supermarket" })
    ).body;
    const [patient, early, late] = await Promise.all(
      [1512, 1513, 1514].map((n) => signInVerified(`case-stay-${n}`, n)),
    );
    const scan = (who: unknown) =>
      http()
        .post("/api/scans")
        .set(who as never)
        .send({ code: shop.code });
    // t = 0: the case checks in (a supermarket's assumed stay is 45 minutes) and nobody sees them leave.
    await scan(patient);
    await timePasses(65);
    // t = 65: inside the 30-minute buffer after the assumed end (t 45 .. 75).
    await scan(early);
    await timePasses(35);
    // t = 100: after it, while the case may still have been there if they stayed longer.
    await scan(late);
    await timePasses(60);
    const health = await officialAuth(stores.deps.services, "health");
    const now = Date.now();
    const preview = (estimatedStayMinutes?: number) =>
      http()
        .post("/api/exposures/preview")
        .set(health)
        .send({
          case: {
            idNumber: residentId(1512),
            from: new Date(now - 24 * 3600_000).toISOString(),
            to: new Date(now).toISOString(),
          },
          riskLevel: "medium",
          message: "请做好健康监测",
          ...(estimatedStayMinutes ? { estimatedStayMinutes } : {}),
        });
    expect((await preview()).body.people).toBe(1);
    // "Treat estimated stays as up to 2 hours": the case's window reaches t 150, and both are touched.
    expect((await preview(120)).body.people).toBe(2);
    // Up to 20 minutes: the window ends at t 50, before either came in.
    expect((await preview(20)).body.people).toBe(0);
  });

  it("finds a visit of a few seconds when the official counts any overlap (0 minutes)", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("brief-owner", 1521);
    const shop = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "一闪而过理发店" })
    ).body;
    const brief = await signInVerified("brief-visitor", 1522);
    const entered = await http().post("/api/scans").set(brief).send({ code: shop.code });
    // Shows the pass at the door, then checks out at once (and may well stay).
    await http().post(`/api/visits/${entered.body.visits[0].id}/checkout`).set(brief);
    const health = await officialAuth(stores.deps.services, "health");
    const now = Date.now();
    const preview = (minOverlapMinutes?: number) =>
      http()
        .post("/api/exposures/preview")
        .set(health)
        .send({
          places: [
            { code: shop.code, start: new Date(now - 30 * 60_000).toISOString(), end: new Date(now).toISOString() },
          ],
          riskLevel: "high",
          message: "请尽快做核酸检测",
          ...(minOverlapMinutes === undefined ? {} : { minOverlapMinutes }),
        });
    expect((await preview()).body.people).toBe(0);
    expect((await preview(0)).body.people).toBe(1);
  });
});

describe("observed and estimated times", () => {
  it("lets an official narrow and widen an event by the estimated stays, alerting with 约 where nobody saw anyone leave", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("est-owner", 1901);
    const shop = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "建国理发店" })
    ).body;
    const snacks = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "赵丽小吃店", categoryId: "bar-restaurant" })
    ).body;
    const [stayer, leaver, mover, latecomer] = await Promise.all(
      [1902, 1903, 1904, 1905].map((n) => signInVerified(`est-r${n}`, n)),
    );
    const scan = (who: unknown, code: string) =>
      http()
        .post("/api/scans")
        .set(who as never)
        .send({ code });
    // t = 0: three residents check in at the barber's (assumed stay 60 minutes).
    await scan(stayer, shop.code);
    const left = await scan(leaver, shop.code);
    await scan(mover, shop.code);
    await timePasses(10);
    // t = 10: one checks out (observed end).
    await http()
      .post(`/api/visits/${left.body.visits[0].id}/checkout`)
      .set(leaver as never);
    await timePasses(10);
    // t = 20: one scans the snack bar (observed end at the barber's: the next scan elsewhere).
    await scan(mover, snacks.code);
    await timePasses(30);
    // t = 50: a latecomer checks in (observed arrival inside the window).
    await scan(latecomer, shop.code);
    await timePasses(20);
    // now = t 70. The window is t 30 .. t 60; the stayer was never seen leaving.
    const now = Date.now();
    const place = {
      code: shop.code,
      start: new Date(now - 40 * 60_000).toISOString(),
      end: new Date(now - 10 * 60_000).toISOString(),
    };
    const health = await officialAuth(stores.deps.services, "health");
    const body = { places: [place], riskLevel: "medium", message: "请做一次核酸检测" };
    const preview = (extra: Record<string, unknown>) =>
      http()
        .post("/api/exposures/preview")
        .set(health)
        .send({ ...body, ...extra });

    // The category's assumed stay (60 minutes) carries the stayer into the window: an estimate.
    const byCategory = await preview({});
    expect(byCategory.status).toBe(200);
    expect(byCategory.body).toMatchObject({ people: 2, observed: 1, estimatedOnly: 1, estimatedStayMinutes: null });
    expect(byCategory.body.byVenue).toEqual([
      expect.objectContaining({ venueName: "建国理发店", people: 2, estimatedOnly: 1 }),
    ]);
    // Narrowed to 20 minutes: only the latecomer, seen arriving in the window, remains.
    const narrowed = await preview({ estimatedStayMinutes: 20 });
    expect(narrowed.body).toMatchObject({ people: 1, observed: 1, estimatedOnly: 0, estimatedStayMinutes: 20 });
    // Widened to two hours: the stayer again; an observed check-out or scan elsewhere still ends a visit.
    const widened = await preview({ estimatedStayMinutes: 120 });
    expect(widened.body).toMatchObject({ people: 2, observed: 1, estimatedOnly: 1 });
    const refused = await preview({ estimatedStayMinutes: 0 });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe("estimatedStayMinutes");

    const created = await http()
      .post("/api/exposures")
      .set(health)
      .send({ ...body, estimatedStayMinutes: 120 });
    expect(created.body.total).toBe(2);
    await waitUntilDone(health, created.body.id);
    const inboxOf = async (auth: unknown) =>
      (
        await http()
          .get("/api/me/notifications")
          .set(auth as never)
      ).body.notifications as { text: string }[];
    const [stayerAlert] = await inboxOf(stayer);
    // 09:55–约11:55: the end is the event's two-hour bound, said to be an estimate.
    expect(stayerAlert?.text).toMatch(
      /\d{2}:\d{2}–约(?:\d{1,2}月\d{1,2}日)?\d{2}:\d{2} 在 建国理发店（未记录离开时间，离开时间为预计），与风险时段重叠约 30 分钟/,
    );
    const [latecomerAlert] = await inboxOf(latecomer);
    expect(latecomerAlert?.text).toMatch(
      /–约(?:\d{1,2}月\d{1,2}日)?\d{2}:\d{2} 在 建国理发店（未记录离开时间，离开时间为预计），与风险时段重叠约 10 分钟/,
    );
    expect(await inboxOf(leaver)).toEqual([]);
    expect(await inboxOf(mover)).toEqual([]);

    // The residents' own lists say which ends were observed.
    const visitsOf = async (auth: unknown) =>
      (
        await http()
          .get("/api/me/visits")
          .set(auth as never)
      ).body.visits as { venue: { name: string }; endedBy: string; endEstimated: boolean }[];
    expect((await visitsOf(stayer))[0]).toMatchObject({ endedBy: "dwell", endEstimated: true });
    expect((await visitsOf(leaver))[0]).toMatchObject({ endedBy: "checkout", endEstimated: false });
    expect((await visitsOf(mover)).map((v) => [v.venue.name, v.endedBy, v.endEstimated])).toEqual([
      ["赵丽小吃店", "dwell", true],
      ["建国理发店", "moved", false],
    ]);
  });
});

describe("withdrawing and clearing", () => {
  async function alertedResident(tag: string, n: number) {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified(`${tag}-owner`, n);
    const shop = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: `${tag}店` })
    ).body;
    const resident = await signInVerified(`${tag}-resident`, n + 1);
    await http().post("/api/scans").set(resident).send({ code: shop.code });
    await timePasses(60);
    const health = await officialAuth(stores.deps.services, "health");
    const created = await flagLastTwoHours(stores.app, health, shop.code, "测试");
    await waitUntilDone(health, created.body.id);
    const other = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: `${tag}别店` })
    ).body;
    const yellow = await http().post("/api/scans").set(resident).send({ code: other.code });
    expect(yellow.body.passes[0].status).toBe("yellow");
    return { resident, health, exposureId: created.body.id as string, other };
  }

  it("corrects everyone alerted when an event is withdrawn, and restores their pass", async () => {
    const { http } = api(stores.app);
    const { resident, health, exposureId, other } = await alertedResident("withdraw", 1801);
    const withdrawn = await http()
      .post(`/api/exposures/${exposureId}/withdraw`)
      .set(health)
      .send({ reason: "时段录入错误" });
    expect(withdrawn.body).toMatchObject({ status: "withdrawn", corrected: 1 });
    const inbox = (await http().get("/api/me/notifications").set(resident)).body.notifications;
    expect(inbox.map((n: { kind: string }) => n.kind).sort()).toEqual(["alert", "correction"]);
    expect(inbox.find((n: { kind: string }) => n.kind === "correction").text).toContain("时段录入错误");
    const green = await http().post("/api/scans").set(resident).send({ code: other.code });
    expect(green.body.passes[0].status).toBe("green");
    expect(
      (await http().post(`/api/exposures/${exposureId}/withdraw`).set(health).send({ reason: "再次撤回" })).status,
    ).toBe(409);
    expect((await http().get(`/api/exposures/${exposureId}`).set(health)).body.status).toBe("withdrawn");
  });

  it("lets an official clear one person, whose pass then turns back", async () => {
    const { http } = api(stores.app);
    const { resident, health, exposureId, other } = await alertedResident("clear", 1811);
    const cleared = await http()
      .post(`/api/exposures/${exposureId}/clear`)
      .set(health)
      .send({ idNumber: residentId(1812), reason: "复核为密接的密接，解除" });
    expect(cleared.body.cleared).toBe(1);
    const green = await http().post("/api/scans").set(resident).send({ code: other.code });
    expect(green.body.passes[0].status).toBe("green");
  });

  it("tells a cleared person why without anyone's phone number, and does not correct them again at a withdrawal", async () => {
    const { http } = api(stores.app);
    const { resident, health, exposureId } = await alertedResident("notice", 1821);
    const reversed = await http()
      .post(`/api/exposures/${exposureId}/clear`)
      .set(health)
      .send({ idNumber: residentId(1822), reason: "核查后解除\u202e除解不" });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.userMessage).toContain("原因");
    await http()
      .post(`/api/exposures/${exposureId}/clear`)
      .set(health)
      .send({ idNumber: residentId(1822), reason: "已联系流调员 138 1234 5678 核实，解除" });
    const inbox = async () =>
      (await http().get("/api/me/notifications").set(resident)).body.notifications as {
        kind: string;
        text: string;
        cleared: boolean;
      }[];
    const afterClear = await inbox();
    expect(afterClear.map((n) => n.kind).sort()).toEqual(["alert", "clearance"]);
    const notice = afterClear.find((n) => n.kind === "clearance")?.text ?? "";
    expect(notice).toContain("核实，解除");
    expect(notice.replace(/\D/g, "")).not.toContain("12345678");
    expect(afterClear.find((n) => n.kind === "alert")?.cleared).toBe(true);
    const withdrawn = await http()
      .post(`/api/exposures/${exposureId}/withdraw`)
      .set(health)
      .send({ reason: "时段录入错误" });
    expect(withdrawn.body).toMatchObject({ status: "withdrawn", corrected: 0 });
    expect((await inbox()).map((n) => n.kind).sort()).toEqual(["alert", "clearance"]);
  });
});

describe("exposure permissions and validation", () => {
  it("lets only health officials of the venue's region flag it, and admins read the audit log", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("perm-owner", 1601);
    const shop = (await http().post("/api/venues").set(owner).send(barberShop())).body;
    const now = Date.now();
    const body = {
      places: [
        { venueId: shop.id, start: new Date(now - 3600_000).toISOString(), end: new Date(now - 60_000).toISOString() },
      ],
      riskLevel: "high",
      message: "测试",
    };
    expect((await http().post("/api/exposures/preview").send(body)).status).toBe(401);
    expect((await http().post("/api/exposures/preview").set(owner).send(body)).status).toBe(403);
    const police = await officialAuth(stores.deps.services, "police");
    expect((await http().post("/api/exposures").set(police).send(body)).status).toBe(403);
    const elsewhere = await officialAuth(stores.deps.services, "health", "320981");
    expect((await http().post("/api/exposures/preview").set(elsewhere).send(body)).status).toBe(403);
    const local = await officialAuth(stores.deps.services, "health", "320924");
    expect((await http().post("/api/exposures/preview").set(local).send(body)).status).toBe(200);
    const admin = await officialAuth(stores.deps.services, "admin");
    const audit = await http().get("/api/audit").set(admin);
    expect(audit.body.records.length).toBeGreaterThan(0);
    // Read as people read it: the action in Chinese, China time, and what was asked in one line.
    const preview = audit.body.records.find((r: { action: string }) => r.action === "exposure.preview");
    expect(preview).toMatchObject({ actionName: "预览风险提醒影响人数", summary: expect.stringContaining("高风险") });
    expect(preview.summary).toMatch(/\d+月\d+日 \d\d:\d\d–(?:\d+月\d+日)?\d\d:\d\d/);
    const chinaNow = new Date(Date.parse(preview.at) + 8 * 3600_000).toISOString();
    expect(preview.localTime).toBe(`${chinaNow.slice(0, 10).replaceAll("-", "/")} ${chinaNow.slice(11, 19)}`);
    expect((await http().get("/api/audit").set(local)).status).toBe(403);
  });

  it("marks an event that touches nobody as done at once", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("empty-owner", 1621);
    const shop = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "无人到访店" })
    ).body;
    const health = await officialAuth(stores.deps.services, "health");
    const created = await flagLastTwoHours(stores.app, health, shop.code);
    expect(created.body).toMatchObject({ status: "done", total: 0 });
    const progress = await http().get(`/api/exposures/${created.body.id}`).set(health);
    expect(progress.body).toMatchObject({ status: "done", total: 0, delivered: 0 });
  });

  it("lists past events with their figures, each official seeing their own district's", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("list-owner", 1611);
    const shop = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "列表测试店" })
    ).body;
    const local = await officialAuth(stores.deps.services, "health", "320924");
    expect((await flagLastTwoHours(stores.app, local, shop.code)).status).toBe(202);
    const listed = await http().get("/api/exposures?limit=5").set(local);
    expect(listed.status).toBe(200);
    expect(listed.body.exposures[0]).toMatchObject({
      places: [{ venueName: "列表测试店" }],
      riskLevel: "high",
      total: expect.any(Number),
    });
    const elsewhere = await officialAuth(stores.deps.services, "health", "320981");
    expect((await http().get("/api/exposures").set(elsewhere)).body.exposures).toEqual([]);
    expect((await http().get("/api/exposures?limit=0").set(local)).status).toBe(400);
    const police = await officialAuth(stores.deps.services, "police");
    expect((await http().get("/api/exposures").set(police)).status).toBe(403);
  });

  it("rejects windows in the future, reversed windows, and unknown venues, naming the field", async () => {
    const { http } = api(stores.app);
    const health = await officialAuth(stores.deps.services, "health");
    const now = Date.now();
    const future = await http()
      .post("/api/exposures")
      .set(health)
      .send({
        places: [
          {
            venueId: "64b000000000000000000000",
            start: new Date(now).toISOString(),
            end: new Date(now + 3600_000).toISOString(),
          },
        ],
        riskLevel: "high",
        message: "x",
      });
    expect(future.status).toBe(400);
    expect(future.body.error.details.map((d: { path: string }) => d.path)).toContain("places.0.end");
    const unknown = await http()
      .post("/api/exposures/preview")
      .set(health)
      .send({
        places: [
          {
            venueId: "64b000000000000000000000",
            start: new Date(now - 7200_000).toISOString(),
            end: new Date(now - 3600_000).toISOString(),
          },
        ],
        riskLevel: "high",
        message: "x",
      });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe("places.0");
    // A date typed a year wrong reaches nobody: visits are kept RETENTION_DAYS days.
    const kept = stores.deps.config.retentionDays;
    const forgotten = await http()
      .post("/api/exposures/preview")
      .set(health)
      .send({
        places: [
          {
            venueId: "64b000000000000000000000",
            start: new Date(now - (kept + 2) * 86_400_000).toISOString(),
            end: new Date(now - (kept + 1) * 86_400_000).toISOString(),
          },
        ],
        riskLevel: "high",
        message: "x",
      });
    expect(forgotten.status).toBe(400);
    expect(forgotten.body.error.field).toBe("places.0.end");
    expect(forgotten.body.error.userMessage).toContain(`${kept}天`);
    const oldCase = await http()
      .post("/api/exposures")
      .set(health)
      .send({
        case: {
          idNumber: residentId(4242),
          from: new Date(now - (kept + 3) * 86_400_000).toISOString(),
          to: new Date(now - (kept + 1) * 86_400_000).toISOString(),
        },
        riskLevel: "high",
        message: "x",
      });
    expect(oldCase.status).toBe(400);
    expect(oldCase.body.error.field).toBe("case.to");
    const neither = await http().post("/api/exposures/preview").set(health).send({ riskLevel: "low", message: "" });
    expect(neither.status).toBe(400);
    expect((await http().get("/api/exposures/not-an-id").set(health)).status).toBe(404);
  });
});

describe("sending an event once", () => {
  /** A shop one resident visited ten minutes ago, a health official, and an event flagging its last three hours. */
  async function oneVisitToFlag(prefix: string, n: number, shopName: string) {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified(`${prefix}-owner`, n);
    const shop = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: shopName })
    ).body;
    const visitor = await signInVerified(`${prefix}-visitor`, n + 1);
    expect((await http().post("/api/scans").set(visitor).send({ code: shop.code })).status).toBe(201);
    await timePasses(10);
    const health = await officialAuth(stores.deps.services, "health");
    const now = Date.now();
    const event = {
      places: [
        { code: shop.code, start: new Date(now - 3 * 3600_000).toISOString(), end: new Date(now).toISOString() },
      ],
      riskLevel: "high",
      message: "请尽快检测",
    };
    return { http, visitor, health, event };
  }

  it("creates one event and one alert per person for a key sent twice at once, answering both with that event", async () => {
    const { http, visitor, health, event } = await oneVisitToFlag("idem", 1631, "双击测试店");
    const body = { ...event, idempotencyKey: "console-0123456789abcdef" };
    const answers = await Promise.all([1, 2, 3].map(() => http().post("/api/exposures").set(health).send(body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 202]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const id = answers[0]?.body.id as string;
    await waitUntilDone(health, id);
    const listed = await http().get("/api/exposures?limit=50").set(health);
    expect(
      listed.body.exposures.filter((e: { places: { venueName: string }[] }) => e.places[0]?.venueName === "双击测试店"),
    ).toHaveLength(1);
    const inbox = await http().get("/api/me/notifications").set(visitor);
    expect(inbox.body.notifications).toHaveLength(1);

    // Another official's same key is their own sending; a malformed key is refused, naming the field.
    const colleague = await officialAuth(stores.deps.services, "health");
    const theirs = await http().post("/api/exposures").set(colleague).send(body);
    expect(theirs.status).toBe(202);
    expect(theirs.body.id).not.toBe(id);
    const bad = await http()
      .post("/api/exposures")
      .set(health)
      .send({ ...body, idempotencyKey: "a b" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("idempotencyKey");

    // The same key with an edited request (a lower level, another message) is refused, not taken
    // for the first sending: the official must preview and send the edit as a new one.
    const edited = await http()
      .post("/api/exposures")
      .set(health)
      .send({ ...body, riskLevel: "medium", message: "请注意健康监测" });
    expect(edited.status).toBe(409);
    expect(edited.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(edited.body.error.userMessage).toContain("重新预览");
  });

  it("takes the same request sent twice at once without a key for one sending, until that event is withdrawn", async () => {
    const { http, visitor, health, event: body } = await oneVisitToFlag("same", 1641, "无编号双击店");
    const answers = await Promise.all([1, 2].map(() => http().post("/api/exposures").set(health).send(body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 202]);
    const id = answers[0]?.body.id as string;
    expect(answers[1]?.body.id).toBe(id);
    await waitUntilDone(health, id);
    expect((await http().get("/api/me/notifications").set(visitor)).body.notifications).toHaveLength(1);
    // Another message is another sending.
    const other = await http()
      .post("/api/exposures")
      .set(health)
      .send({ ...body, message: "请居家观察" });
    expect(other.status).toBe(202);
    expect(other.body.id).not.toBe(id);
    // Withdrawn, the first no longer stands for the request: sent again, it is a new event.
    const withdrawn = await http()
      .post(`/api/exposures/${id}/withdraw`)
      .set(health)
      .send({ reason: "地址填错了，重新发" });
    expect(withdrawn.status).toBe(200);
    const again = await http().post("/api/exposures").set(health).send(body);
    expect(again.status).toBe(202);
    expect(again.body.id).not.toBe(id);
  });
});

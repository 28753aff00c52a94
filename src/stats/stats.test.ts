import { describe, expect, it } from "vitest";
import { api, barberShop, officialAuth } from "../../test/support/api.js";
import { useTestStores } from "../../test/support/stores.js";
import { timePasses } from "../../test/support/time.js";
import { AuditRecord } from "../audit/audit.model.js";
import { chinaDate } from "../infra/china-time.js";

const stores = useTestStores();

/** Two venues in 射阳县 (one scanned twice, one never) and one in 亭湖区 scanned once; built once. */
let built: ReturnType<typeof buildTown> | undefined;
function town() {
  built ??= buildTown();
  return built;
}
async function buildTown() {
  const { http, signInVerified } = api(stores.app);
  const owner = await signInVerified("stats-owner", 2101);
  const register = async (body: Record<string, string>) =>
    (await http().post("/api/venues").set(owner).send(body)).body;
  const barber = await register(barberShop());
  const idle = await register({ ...barberShop(), name: "从不扫码小卖部", address: "射阳县合德镇幸福路2号" });
  const tinghu = await register({
    ...barberShop(),
    name: "亭湖理发",
    regionCode: "320902",
    address: "亭湖区解放路3号",
  });
  for (const [n, venue] of [
    [2102, barber],
    [2103, barber],
    [2104, tinghu],
  ] as const) {
    const resident = await signInVerified(`stats-resident-${n}`, n);
    expect((await http().post("/api/scans").set(resident).send({ code: venue.code })).status).toBe(201);
  }
  return { barber, idle, tinghu, owner };
}

describe("statistics, compliance and inspections", () => {
  it("counts venues, active venues and scans by district and by category, and scans per day", async () => {
    await town();
    const { http } = api(stores.app);
    const health = await officialAuth(stores.deps.services, "health");
    const byRegion = await http().get("/api/stats/venues?groupBy=region").set(health);
    expect(byRegion.status).toBe(200);
    expect(byRegion.body.rows.slice(0, 2)).toEqual([
      { key: "320924", name: "射阳县", venues: 2, activeVenues: 1, scans: 2 },
      { key: "320902", name: "亭湖区", venues: 1, activeVenues: 1, scans: 1 },
    ]);
    // Every one of the 11 districts has a row; those without venues show zeros rather than vanish.
    expect(byRegion.body.rows).toHaveLength(11);
    expect(byRegion.body.rows.map((r: { name: string }) => r.name)).toContain("盐南高新区");
    expect(byRegion.body.rows.slice(2).every((r: { venues: number; scans: number }) => r.venues + r.scans === 0)).toBe(
      true,
    );
    const byCategory = await http().get("/api/stats/venues?groupBy=category").set(health);
    expect(byCategory.body.rows[0]).toEqual({
      key: "service-venue",
      name: expect.any(String),
      venues: 3,
      activeVenues: 2,
      scans: 3,
    });
    expect(byCategory.body.rows).toHaveLength(24);

    const today = chinaDate();
    const daily = await http().get(`/api/stats/scans/daily?from=${today}&to=${today}&region=320924`).set(health);
    expect(daily.body.days).toEqual([{ date: today, scans: 2 }]);
    const week = await http().get("/api/stats/scans/daily").set(health);
    expect(week.body.days).toHaveLength(7);
    expect(week.body.days.at(-1)).toEqual({ date: today, scans: 3 });

    // A region-scoped official sees only their district, and asking for another is refused, not ignored.
    const tinghuHealth = await officialAuth(stores.deps.services, "health", "320902");
    const scoped = await http().get("/api/stats/venues").set(tinghuHealth);
    expect(scoped.body.rows.map((r: { key: string }) => r.key)).toEqual(["320902"]);
    const own = await http().get("/api/stats/scans/daily").set(tinghuHealth);
    expect(own.body.days.at(-1).scans).toBe(1);
    const sneaky = await http().get("/api/stats/scans/daily?region=320924").set(tinghuHealth);
    expect(sneaky.status).toBe(403);
  });

  it("exports the table as CSV that spreadsheets open, and writes the export to the audit log", async () => {
    const { http } = api(stores.app);
    const police = await officialAuth(stores.deps.services, "police");
    const before = await AuditRecord.countDocuments({ action: "stats-export" });
    const csv = await http().get("/api/stats/venues?groupBy=region&format=csv").set(police);
    expect(csv.status).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.headers["content-disposition"]).toContain("attachment");
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain("区域代码,区域,已注册场所,24小时内有扫码场所,扫码次数");
    expect(csv.text).toContain("320924,射阳县,");
    expect(await AuditRecord.countDocuments({ action: "stats-export" })).toBe(before + 1);
  });

  it("lists registered venues without a scan in the last hours, with id, last scan and the whole phone (audited)", async () => {
    const { http } = api(stores.app);
    const { idle, barber } = await town();
    const police = await officialAuth(stores.deps.services, "police");
    const before = await AuditRecord.countDocuments({ action: "compliance.contact-phones" });
    const inactive = await http().get("/api/compliance/inactive-venues?hours=24&region=320924").set(police);
    expect(inactive.status).toBe(200);
    expect(inactive.body.venues.map((v: { name: string }) => v.name)).toEqual(["从不扫码小卖部"]);
    expect(inactive.body.venues[0]).toMatchObject({
      id: idle.id,
      regionName: "射阳县",
      contactPhone: barberShop().contactPhone,
      lastScanAt: null,
    });
    expect(await AuditRecord.countDocuments({ action: "compliance.contact-phones" })).toBe(before + 1);
    const byCategory = await http()
      .get("/api/compliance/inactive-venues?hours=1&category=service-venue&region=320924")
      .set(police);
    expect(byCategory.body.venues.map((v: { id: string }) => v.id)).toEqual([idle.id]);
    const otherCategory = await http().get("/api/compliance/inactive-venues?hours=24&category=school").set(police);
    expect(otherCategory.body).toMatchObject({ total: 0, venues: [] });
    expect(byCategory.body.venues.map((v: { id: string }) => v.id)).not.toContain(barber.id);
    const health = await officialAuth(stores.deps.services, "health");
    expect((await http().get("/api/compliance/inactive-venues").set(health)).status).toBe(200);
  });

  it("records police inspections and lists them per venue and district, within the official's region", async () => {
    const { http } = api(stores.app);
    const { idle, tinghu } = await town();
    const police = await officialAuth(stores.deps.services, "police", "320924");
    const recorded = await http()
      .post("/api/inspections")
      .set(police)
      .send({ venueId: idle.id, result: "not-posted", rectifiedOnSite: true, fineYuan: 200, note: "现场张贴" });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ venueName: "从不扫码小卖部", result: "not-posted", fineYuan: 200 });
    const otherRegion = await http()
      .post("/api/inspections")
      .set(police)
      .send({ venueId: tinghu.id, result: "compliant", rectifiedOnSite: false });
    expect(otherRegion.status).toBe(403);

    const byVenue = await http().get(`/api/inspections?venueId=${idle.id}`).set(police);
    expect(byVenue.body.inspections).toHaveLength(1);
    const admin = await officialAuth(stores.deps.services, "admin");
    const byRegion = await http().get("/api/inspections?region=320902").set(admin);
    expect(byRegion.body.inspections).toEqual([]);
  });

  it("refuses bad input with the field named and callers without the role", async () => {
    const { http, signInVerified } = api(stores.app);
    const police = await officialAuth(stores.deps.services, "police");
    const bad = async (path: string, field: string) => {
      const response = await http().get(path).set(police);
      expect(response.status, path).toBe(400);
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    };
    await bad("/api/stats/venues?groupBy=street", "groupBy");
    await bad("/api/stats/venues?from=2026-03-10&to=2026-03-01", "from");
    await bad("/api/stats/venues?from=2020-01-01&to=2026-03-01", "from");
    await bad("/api/stats/scans/daily?from=2026-02-31", "from");
    // Found by the hostile-input test: an empty date once reached the date check and crashed it.
    await bad("/api/stats/venues?from=", "from");
    const operator = await http().get("/api/stats/scans/daily?region[$ne]=x").set(police);
    expect(operator.status).toBe(400);
    expect(operator.body.error.message).toContain("region[$ne]");
    await bad("/api/compliance/inactive-venues?hours=0", "hours");
    await bad("/api/inspections?venueId=abc", "venueId");
    const posted = async (body: unknown, field: string) => {
      const response = await http()
        .post("/api/inspections")
        .set(police)
        .send(body as object);
      expect(response.status).toBe(400);
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    };
    await posted({ venueId: { $gt: "" }, result: "compliant", rectifiedOnSite: false }, "venueId");
    await posted({ venueId: "0123456789abcdef01234567", result: "closed", rectifiedOnSite: false }, "result");
    await posted(
      { venueId: "0123456789abcdef01234567", result: "compliant", rectifiedOnSite: false, fineYuan: 50 },
      "fineYuan",
    );
    const unknown = await http()
      .post("/api/inspections")
      .set(police)
      .send({ venueId: "0123456789abcdef01234567", result: "compliant", rectifiedOnSite: false });
    expect(unknown.status).toBe(404);

    expect((await http().get("/api/stats/venues")).status).toBe(401);
    const resident = await signInVerified("stats-nosy", 2190);
    expect((await http().get("/api/stats/venues").set(resident)).status).toBe(403);
    expect((await http().get("/api/compliance/inactive-venues").set(resident)).status).toBe(403);
    const health = await officialAuth(stores.deps.services, "health");
    const healthInspects = await http()
      .post("/api/inspections")
      .set(health)
      .send({ venueId: "0123456789abcdef01234567", result: "compliant", rectifiedOnSite: false });
    expect(healthInspects.status).toBe(403);
  });

  it("finds venues for officials by part of the name or address, district and category, a page at a time", async () => {
    const { http, signInVerified } = api(stores.app);
    const { barber, idle, tinghu } = await town();
    const police = await officialAuth(stores.deps.services, "police");
    const search = (query: string, who = police) => http().get(`/api/venue-search?${query}`).set(who);
    const byName = await search(`q=${encodeURIComponent("理发")}`);
    expect(byName.status).toBe(200);
    expect(byName.body.venues.map((v: { id: string }) => v.id).sort()).toEqual([barber.id, tinghu.id].sort());
    expect(byName.body.venues[0]).toMatchObject({ name: expect.any(String), regionName: expect.any(String) });
    expect((await search(`q=${encodeURIComponent("幸福路")}`)).body.venues.map((v: { id: string }) => v.id)).toEqual([
      idle.id,
    ]);
    expect((await search(`q=${encodeURIComponent("理发")}&region=320902`)).body.total).toBe(1);
    expect((await search("category=school")).body.total).toBe(0);
    // Pattern characters are matched as themselves, and an operator is refused.
    expect((await search(`q=${encodeURIComponent(".*")}`)).body.total).toBe(0);
    expect((await search("q[$ne]=x")).status).toBe(400);
    const first = await search("perPage=2&page=1");
    const second = await search("perPage=2&page=2");
    expect(first.body.venues).toHaveLength(2);
    expect(first.body.total).toBeGreaterThanOrEqual(3);
    expect(second.body.venues[0]?.id).not.toBe(first.body.venues[0]?.id);
    expect((await search("perPage=500")).status).toBe(400);
    // A district official searches their district; asking for another is refused.
    const tinghuPolice = await officialAuth(stores.deps.services, "police", "320902");
    expect((await search("", tinghuPolice)).body.venues.map((v: { id: string }) => v.id)).toEqual([tinghu.id]);
    expect((await search("region=320924", tinghuPolice)).status).toBe(403);
    const resident = await signInVerified("search-nosy", 2191);
    expect((await search("", resident)).status).toBe(403);
  });

  it("shows when an inactive venue was last scanned", async () => {
    const { http } = api(stores.app);
    const { barber } = await town();
    await timePasses(180);
    const police = await officialAuth(stores.deps.services, "police");
    const inactive = await http().get("/api/compliance/inactive-venues?hours=2&region=320924").set(police);
    const row = inactive.body.venues.find((v: { id: string }) => v.id === barber.id);
    expect(Date.now() - Date.parse(row.lastScanAt)).toBeGreaterThan(170 * 60_000);
    expect(Date.now() - Date.parse(row.lastScanAt)).toBeLessThan(190 * 60_000);
  });

  it("shows police and health officials a venue's whole phone, and records that they looked", async () => {
    const { http } = api(stores.app);
    const { idle } = await town();
    for (const role of ["police", "health"] as const) {
      const official = await officialAuth(stores.deps.services, role, "320924");
      const before = await AuditRecord.countDocuments({ action: "venue.contact-phone" });
      const venue = await http().get(`/api/venues/${idle.id}`).set(official);
      expect(venue.status).toBe(200);
      expect(venue.body.contactPhone).toBe(barberShop().contactPhone);
      expect(await AuditRecord.countDocuments({ action: "venue.contact-phone" })).toBe(before + 1);
    }
    const elsewhere = await officialAuth(stores.deps.services, "police", "320902");
    expect((await http().get(`/api/venues/${idle.id}`).set(elsewhere)).status).toBe(403);
  });
});

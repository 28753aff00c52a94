import { EJSON } from "bson";
import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { AuditRecord } from "../src/audit/audit.model.js";
import { Visit } from "../src/visits/visit.model.js";
import { api, barberShop, officialAuth } from "./support/api.js";
import { mobile, residentId } from "./support/people.js";
import { useTestStores } from "./support/stores.js";
import { timePasses, until } from "./support/time.js";

const stores = useTestStores();

/** Everything the stores hold for this test file, as text. */
async function everythingStored(): Promise<string> {
  const db = mongoose.connection.db;
  if (!db) throw new Error("not connected");
  const parts: string[] = [];
  for (const { name } of await db.listCollections().toArray()) {
    for (const doc of await db.collection(name).find().toArray()) parts.push(EJSON.stringify(doc));
  }
  const redis = stores.deps.redis;
  const prefix = stores.keyPrefix;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    for (const key of keys) {
      const bare = key.slice(prefix.length);
      // Each value as it is stored: a string as is, a stream entry by entry.
      const type = await redis.type(bare);
      const value = type === "stream" ? JSON.stringify(await redis.xrange(bare, "-", "+")) : await redis.get(bare);
      parts.push(key, type, String(value));
    }
  } while (cursor !== "0");
  return parts.join("\n");
}

describe("privacy of stored and logged personal data", () => {
  it("keeps identity numbers, phones and real names out of the database, Redis and logs", async () => {
    const { http, signIn } = api(stores.app);
    const person = { name: "欧阳娜娜", idNumber: residentId(77), phone: mobile(77) };
    const auth = await signIn("privacy-owner");
    expect((await http().put("/api/me/identity").set(auth).send(person)).status).toBe(200);
    const venue = await http()
      .post("/api/venues")
      .set(auth)
      .send({ ...barberShop(), contactPhone: "13700001111" });
    expect(venue.status).toBe(201);
    // Failed attempts carry the numbers too, and must not leave them in logs either.
    await http()
      .put("/api/me/identity")
      .set(auth)
      .send({ ...person, idNumber: `${person.idNumber.slice(0, 17)}0` });
    await http().post("/api/auth/login").send({ username: "nobody", password: person.idNumber });

    const stored = await everythingStored();
    const logged = stores.log.text;
    expect(stored.length).toBeGreaterThan(0);
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [person.idNumber, person.idNumber.slice(0, 17), person.phone, person.name, "13700001111"]) {
      expect(stored).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
    // The masked forms are what is kept for display.
    expect(stored).toContain("欧阳**");
  });
});

describe("retention and the audit trail", () => {
  it("removes visits once their retention period has passed", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("retention-owner", 7801);
    const shop = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "保留期测试店" })
    ).body;
    const visitor = await signInVerified("retention-visitor", 7802);
    const scanned = await http().post("/api/scans").set(visitor).send({ code: shop.code });
    const visitId = scanned.body.visits[0].id;
    const kept = await Visit.findById(visitId).lean();
    if (!kept) throw new Error("the scan recorded no visit");
    const days = (kept.expiresAt.getTime() - kept.checkInAt.getTime()) / 86_400_000;
    expect(days).toBe(stores.deps.config.retentionDays);
    const indexes = await Visit.collection.indexes();
    expect(indexes.find((index) => index.key.expiresAt === 1)).toMatchObject({ expireAfterSeconds: 0 });

    // As if the retention period had run out: the database's TTL monitor deletes it (every 10 s
    // in the embedded server, every 60 s in mongod).
    await Visit.updateOne({ _id: visitId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    await until(async () => (await Visit.countDocuments({ _id: visitId })) === 0, 75_000);
    expect((await http().get("/api/me/visits").set(visitor)).body.visits).toEqual([]);
  }, 90_000);

  it("writes an audit record for every preview, event, case look-up, withdrawal, clearance and export", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("audit-owner", 7811);
    const shop = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "审计测试店" })
    ).body;
    const visitor = await signInVerified("audit-visitor", 7812);
    const neighbour = await signInVerified("audit-neighbour", 7813);
    for (const who of [visitor, neighbour]) await http().post("/api/scans").set(who).send({ code: shop.code });
    await timePasses(60);
    const health = await officialAuth(stores.deps.services, "health");
    const second = await officialAuth(stores.deps.services, "health");
    const now = Date.now();
    const places = {
      places: [
        { code: shop.code, start: new Date(now - 7200_000).toISOString(), end: new Date(now - 60_000).toISOString() },
      ],
      riskLevel: "high",
      message: "审计",
    };
    const lookUp = {
      case: {
        idNumber: residentId(7812),
        from: new Date(now - 86_400_000).toISOString(),
        to: new Date(now).toISOString(),
      },
      riskLevel: "high",
      message: "审计",
    };

    const audited = async (action: string, call: () => Promise<{ status: number }>) => {
      const before = await AuditRecord.countDocuments({ action });
      const response = await call();
      expect(response.status, action).toBeLessThan(300);
      expect(await AuditRecord.countDocuments({ action }), action).toBe(before + 1);
    };
    await audited("exposure.preview", () => http().post("/api/exposures/preview").set(health).send(places));
    await audited("exposure.preview.case", () => http().post("/api/exposures/preview").set(health).send(lookUp));
    let id = "";
    await audited("exposure.create", async () => {
      const created = await http().post("/api/exposures").set(health).send(lookUp);
      id = created.body.id;
      return created;
    });
    await audited("exposure.clear", () =>
      http()
        .post(`/api/exposures/${id}/clear`)
        .set(health)
        .send({ idNumber: residentId(7813), reason: "已复核，解除提醒" }),
    );
    await audited("exposure.withdraw", () =>
      http().post(`/api/exposures/${id}/withdraw`).set(second).send({ reason: "审计测试撤回" }),
    );
    await audited("stats-export", () => http().get("/api/stats/venues?format=csv").set(health));

    const records = await AuditRecord.find().lean();
    const text = JSON.stringify(records);
    expect(text).not.toContain(residentId(7812));
    expect(text).not.toContain(residentId(7813));
    expect(records.every((record) => record.username && record.at)).toBe(true);
  });
});

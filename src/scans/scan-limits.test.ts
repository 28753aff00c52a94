import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, barberShop, officialAuth } from "../../test/support/api.js";
import { residentId } from "../../test/support/people.js";
import { useTestStores } from "../../test/support/stores.js";

/** A stand-in provincial health-code service: yellow for one person, a hang for another, 500 otherwise. */
let provider: Server;
const YELLOW = residentId(901);
const SLOW = residentId(902);
beforeAll(async () => {
  provider = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const { idNumber } = JSON.parse(body);
      if (idNumber === SLOW) return; // never answers
      res.setHeader("Content-Type", "application/json");
      if (idNumber === YELLOW) res.end(JSON.stringify({ color: "yellow", updatedAt: "2022-03-16T08:00:00+08:00" }));
      else {
        res.statusCode = 500;
        res.end("{}");
      }
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
});
afterAll(() => {
  provider.closeAllConnections();
  provider.close();
});

const stores = useTestStores(() => ({
  HEALTH_CODE_PROVIDER: "http",
  HEALTH_CODE_URL: `http://127.0.0.1:${(provider.address() as AddressInfo).port}/health-code`,
  HEALTH_CODE_TIMEOUT_MS: "300",
  SCAN_RATE_PER_USER_PER_MINUTE: "3",
}));

describe("when the provincial health-code service is slow or wrong", () => {
  it("shows its colour when it answers, and records the scan with 'unavailable' when it does not", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("provider-owner", 900);
    const venue = (await http().post("/api/venues").set(owner).send(barberShop())).body;
    const yellow = await signInVerified("provider-yellow", 901);
    const slow = await signInVerified("provider-slow", 902);

    const answered = await http().post("/api/scans").set(yellow).send({ code: venue.code });
    expect(answered.status).toBe(201);
    expect(answered.body.passes[0]).toMatchObject({
      status: "yellow",
      healthCode: { available: true, colour: "yellow", updatedAt: "2022-03-16T00:00:00.000Z" },
    });

    const started = Date.now();
    const unanswered = await http().post("/api/scans").set(slow).send({ code: venue.code });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(unanswered.status).toBe(201);
    expect(unanswered.body.passes[0]).toMatchObject({
      status: "yellow",
      healthCode: { available: false },
      reasons: [{ code: "HEALTH_CODE_UNAVAILABLE" }],
    });
    expect(unanswered.body.visits).toHaveLength(1);
  });

  it("does not let officials set colours that the provincial service owns", async () => {
    const health = await officialAuth(stores.deps.services, "health");
    const res = await api(stores.app)
      .http()
      .put("/api/health-codes")
      .set(health)
      .send({ idNumber: YELLOW, color: "green", reason: "已转阴" });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("HEALTH_CODES_EXTERNAL");
  });
});

describe("scan rate limits", () => {
  it("answers 429 with Retry-After once a resident scans more than the limit in a minute", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("limit-owner", 910);
    const venue = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "限流测试店" })
    ).body;
    const resident = await signInVerified("limit-resident", 911);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await http().post("/api/scans").set(resident).send({ code: venue.code })).status);
    expect(statuses.slice(0, 3).every((s) => s < 300)).toBe(true);
    const limited = await http().post("/api/scans").set(resident).send({ code: venue.code });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("SCAN_RATE_LIMITED");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { serviceRoutes } from "../src/app.js";
import { Venue } from "../src/venues/venue.model.js";
import { api, barberShop, officialAuth } from "./support/api.js";
import { residentId } from "./support/people.js";
import { listen } from "./support/sse.js";
import { useTestStores } from "./support/stores.js";

/**
 * Who may call what: every route × every kind of caller. A route added without a row here fails
 * the first test, so nobody ships an endpoint whose permissions were never decided.
 */
const stores = useTestStores();

const ROLES = [
  "anonymous",
  "unverified", // a resident without real name
  "resident",
  "owner",
  "staff",
  "health",
  "police",
  "admin",
  "elsewhere", // a health official scoped to another district
] as const;
type Role = (typeof ROLES)[number];

const EVERYONE: Role[] = [...ROLES];
const RESIDENTS: Role[] = ["unverified", "resident", "owner", "staff"];
const VERIFIED: Role[] = ["resident", "owner", "staff"];
const OFFICIALS: Role[] = ["health", "police", "admin", "elsewhere"];

interface Row {
  method: string;
  path: string;
  allowed: Role[];
  body?: (ids: Ids) => unknown;
  /** The refusal answers "not found" with this code, so that nobody learns the thing exists. */
  hiddenAs?: string;
}
interface Ids {
  venueId: string;
  code: string;
  exposureId: string;
  visitId: string;
}

const someId = "0123456789abcdef01234567";
const recent = () => ({
  start: new Date(Date.now() - 3600_000).toISOString(),
  end: new Date(Date.now() - 60_000).toISOString(),
});

const ROWS: Row[] = [
  { method: "GET", path: "/healthz", allowed: EVERYONE },
  { method: "POST", path: "/api/auth/wechat", allowed: EVERYONE, body: () => ({ code: "dev:matrix-sign-in" }) },
  {
    method: "POST",
    path: "/api/auth/login",
    allowed: EVERYONE,
    body: () => ({ username: "matrix-admin", password: "matrix admin password" }),
  },
  { method: "POST", path: "/api/officials", allowed: ["admin"], body: () => ({ username: "x" }) },
  { method: "GET", path: "/api/me", allowed: RESIDENTS },
  { method: "PUT", path: "/api/me/identity", allowed: RESIDENTS, body: () => ({}) },
  { method: "GET", path: "/api/venue-categories", allowed: EVERYONE },
  { method: "GET", path: "/api/regions", allowed: EVERYONE },
  { method: "POST", path: "/api/venues", allowed: VERIFIED, body: () => ({ ...barberShop(), name: "矩阵测试店" }) },
  { method: "GET", path: "/api/venues/mine", allowed: RESIDENTS },
  { method: "GET", path: "/api/venues/:id", allowed: ["owner", "staff", "health", "police", "admin"] },
  { method: "PATCH", path: "/api/venues/:id", allowed: ["owner"], body: () => ({}) },
  { method: "POST", path: "/api/venues/:id/staff-invites", allowed: ["owner"] },
  { method: "GET", path: "/api/venues/:id/staff", allowed: ["owner"] },
  { method: "DELETE", path: "/api/venues/:id/staff/:staffId", allowed: ["owner"] },
  {
    method: "POST",
    path: "/api/venues/:id/region",
    allowed: ["admin"],
    body: () => ({ regionCode: barberShop().regionCode, reason: "权限测试" }),
  },
  { method: "POST", path: "/api/staff-invites/accept", allowed: VERIFIED, body: () => ({ code: "ABCDEFGHJK" }) },
  { method: "GET", path: "/api/venues/:id/qr.png", allowed: ["owner", "staff"] },
  { method: "GET", path: "/api/venues/:id/qr.svg", allowed: ["owner", "staff"] },
  { method: "GET", path: "/api/venues/:id/poster", allowed: ["owner", "staff"] },
  { method: "GET", path: "/api/venues/:id/poster.png", allowed: ["owner", "staff"] },
  { method: "GET", path: "/api/venue-codes/:code", allowed: EVERYONE },
  { method: "GET", path: "/api/venue-codes/:code/poster", allowed: EVERYONE },
  { method: "GET", path: "/api/venue-codes/:code/poster.png", allowed: EVERYONE },
  { method: "GET", path: "/api/me/companions", allowed: RESIDENTS },
  { method: "POST", path: "/api/me/companions", allowed: RESIDENTS, body: () => ({}) },
  { method: "DELETE", path: "/api/me/companions/:id", allowed: RESIDENTS },
  { method: "GET", path: "/api/me/companion-requests", allowed: RESIDENTS },
  {
    method: "POST",
    path: "/api/me/companion-requests/:id",
    allowed: RESIDENTS,
    body: () => ({ decision: "accept" }),
  },
  { method: "POST", path: "/api/me/identity-claims", allowed: RESIDENTS, body: () => ({}) },
  { method: "GET", path: "/api/identity-claims", allowed: ["health", "admin"] },
  {
    method: "POST",
    path: "/api/identity-claims/:id/resolve",
    allowed: ["health", "admin"],
    body: () => ({ decision: "reject", reason: "权限测试" }),
  },
  // A number nobody verified: the district rule (no visit in their district) refuses "elsewhere".
  {
    method: "POST",
    path: "/api/identity-corrections",
    allowed: ["health", "admin"],
    body: () => ({
      idNumber: residentId(5198),
      correctName: "王小明",
      correctIdNumber: residentId(5199),
      reason: "权限测试",
    }),
  },
  { method: "POST", path: "/api/scans", allowed: VERIFIED, body: (ids) => ({ code: ids.code }) },
  { method: "POST", path: "/api/venues/:id/manual-entries", allowed: ["owner", "staff"], body: () => ({}) },
  { method: "GET", path: "/api/me/visits", allowed: RESIDENTS },
  // The visit is the resident's own.
  { method: "POST", path: "/api/visits/:id/checkout", allowed: ["resident"], hiddenAs: "VISIT_NOT_FOUND" },
  { method: "GET", path: "/api/venues/:id/visits", allowed: ["owner", "staff"] },
  { method: "GET", path: "/api/venues/:id/visits/stream", allowed: ["owner", "staff"] },
  // The resident's visits are in the venue's district, not in "elsewhere"'s.
  {
    method: "PUT",
    path: "/api/health-codes",
    allowed: ["health", "admin"],
    body: () => ({ idNumber: residentId(5103), color: "green", reason: "权限测试" }),
  },
  { method: "GET", path: "/api/tickets", allowed: ["health", "admin", "elsewhere"] },
  {
    method: "POST",
    path: "/api/tickets/:id/reply",
    allowed: ["health", "admin", "elsewhere"],
    body: () => ({ text: "权限测试的回复" }),
  },
  {
    method: "POST",
    path: "/api/exposures/preview",
    allowed: ["health"],
    body: (ids) => ({ places: [{ venueId: ids.venueId, ...recent() }], riskLevel: "high", message: "权限测试" }),
  },
  // Bodies that pass validation, so that a health official of another district meets the district
  // check itself rather than a 400.
  {
    method: "POST",
    path: "/api/exposures",
    allowed: ["health"],
    body: (ids) => ({ places: [{ venueId: ids.venueId, ...recent() }], riskLevel: "medium", message: "权限测试" }),
  },
  { method: "POST", path: "/api/exposures/:id/confirm", allowed: ["health"] },
  {
    method: "POST",
    path: "/api/exposures/:id/clear",
    allowed: ["health"],
    body: () => ({ idNumber: residentId(5103), reason: "权限测试" }),
  },
  {
    method: "POST",
    path: "/api/exposures/:id/withdraw",
    allowed: ["health"],
    body: () => ({ reason: "权限测试撤回" }),
  },
  { method: "GET", path: "/api/exposures/:id/stream", allowed: ["health"] },
  { method: "GET", path: "/api/exposures", allowed: ["health", "elsewhere"] },
  { method: "GET", path: "/api/exposures/:id", allowed: ["health"] },
  { method: "GET", path: "/api/me/notifications", allowed: RESIDENTS },
  { method: "POST", path: "/api/me/notifications/:id/ack", allowed: RESIDENTS },
  { method: "POST", path: "/api/me/subscriptions", allowed: RESIDENTS, body: () => ({}) },
  { method: "GET", path: "/api/audit", allowed: ["admin"] },
  { method: "GET", path: "/api/stats/venues", allowed: OFFICIALS },
  { method: "GET", path: "/api/stats/scans/daily", allowed: OFFICIALS },
  { method: "GET", path: "/api/compliance/inactive-venues", allowed: OFFICIALS },
  { method: "GET", path: "/api/venue-search", allowed: OFFICIALS },
  { method: "GET", path: "/s/:code", allowed: EVERYONE },
  { method: "GET", path: "/chat", allowed: EVERYONE },
  { method: "GET", path: "/api/openapi.json", allowed: EVERYONE },
  { method: "GET", path: "/l/:token", allowed: EVERYONE },
  { method: "GET", path: "/i/:code", allowed: EVERYONE },
  { method: "GET", path: "/console", allowed: EVERYONE },
  { method: "GET", path: "/", allowed: EVERYONE },
  { method: "GET", path: "/assets/fonts/:weight.ttf", allowed: EVERYONE },
  { method: "GET", path: "/assets/:file", allowed: EVERYONE },
  {
    method: "POST",
    path: "/api/inspections",
    allowed: ["police"],
    body: (ids) => ({ venueId: ids.venueId, result: "compliant", rectifiedOnSite: false }),
  },
  { method: "GET", path: "/api/inspections", allowed: ["police", "admin"] },
  { method: "POST", path: "/api/chat", allowed: EVERYONE, body: () => ({ sessionId: "matrix-session", text: "你好" }) },
  { method: "POST", path: "/api/me/bind-code", allowed: RESIDENTS },
  { method: "GET", path: "/api/me/venue-scans", allowed: RESIDENTS },
  {
    method: "POST",
    path: "/api/chat/sign-in-links",
    allowed: EVERYONE,
    body: () => ({ sessionId: "matrix-session" }),
  },
  {
    method: "POST",
    path: "/api/chat/sign-in-links/:token/collect",
    allowed: EVERYONE,
    body: () => ({ secret: "s".repeat(32) }),
  },
  { method: "POST", path: "/api/me/sign-in-links/:token", allowed: RESIDENTS },
  // Last: it changes the venue's code.
  { method: "POST", path: "/api/venues/:id/reissue", allowed: ["owner"] },
];

let headers: Record<Role, Record<string, string>>;
let ids: Ids;

beforeAll(async () => {
  const { http, signIn, signInVerified } = api(stores.app);
  const services = stores.deps.services;
  await services.officials.create({ username: "matrix-admin", password: "matrix admin password", role: "admin" });
  const owner = await signInVerified("matrix-owner", 5101);
  const venue = (await http().post("/api/venues").set(owner).send(barberShop())).body;
  const staff = await signInVerified("matrix-staff", 5102);
  const invite = (await http().post(`/api/venues/${venue.id}/staff-invites`).set(owner)).body;
  await http().post("/api/staff-invites/accept").set(staff).send({ code: invite.code });
  const resident = await signInVerified("matrix-resident", 5103);
  const visit = (await http().post("/api/scans").set(resident).send({ code: venue.code })).body;
  // Flagged by another health official, so the one in the matrix may confirm it.
  const exposure = await http()
    .post("/api/exposures")
    .set(await officialAuth(services, "health"))
    .send({ places: [{ code: venue.code, ...recent() }], riskLevel: "medium", message: "权限测试" });
  headers = {
    anonymous: {},
    unverified: await signIn("matrix-unverified"),
    resident,
    owner,
    staff,
    health: await officialAuth(services, "health"),
    police: await officialAuth(services, "police"),
    admin: await officialAuth(services, "admin"),
    elsewhere: await officialAuth(services, "health", "320981"),
  };
  ids = { venueId: venue.id, code: venue.code, exposureId: exposure.body.id, visitId: visit.visits[0].id };
});

function routesOfTheService(): string[] {
  return serviceRoutes(stores.deps).map((route) => `${route.method.toUpperCase()} ${route.path}`);
}

async function pathFor(row: Row): Promise<string> {
  const current = await Venue.findById(ids.venueId, { code: 1 }).lean();
  return row.path
    .replace(":code", current?.code ?? ids.code)
    .replace(":weight", "regular")
    .replace(":file", "site.css")
    .replace(":staffId", someId)
    .replace(":token", "t".repeat(22))
    .replace(
      ":id",
      row.path.startsWith("/api/exposures")
        ? ids.exposureId
        : row.path.startsWith("/api/visits")
          ? ids.visitId
          : row.path.startsWith("/api/venues")
            ? ids.venueId
            : someId,
    );
}

/** A server-sent-events stream answers with its headers and stays open: read the status, then hang up. */
async function openStream(path: string, auth: Record<string, string>) {
  const server = await listen(stores.app);
  const aborter = new AbortController();
  try {
    const response = await fetch(`${server.url}${path}`, { headers: auth, signal: aborter.signal });
    const type = response.headers.get("content-type") ?? "";
    const body = type.includes("json") ? await response.json() : {};
    return { status: response.status, body };
  } finally {
    aborter.abort();
    server.close();
  }
}

/** Refused: not signed in, not allowed, or a resident without the real name the action needs. */
function refused(row: Row, status: number, body: { error?: { code?: string } }): boolean {
  if (status === 401) return body.error?.code === "UNAUTHENTICATED";
  if (status === 404 && row.hiddenAs) return body.error?.code === row.hiddenAs;
  if (status === 403) return true;
  return status === 409 && body.error?.code === "IDENTITY_REQUIRED";
}

describe("the permission matrix", () => {
  it("has a row for every route the service serves, and no row for a route it does not", () => {
    const served = routesOfTheService().sort();
    const decided = ROWS.map((row) => `${row.method} ${row.path}`).sort();
    expect(decided).toEqual(served);
  });

  it("lets each kind of caller do exactly what its row allows", async () => {
    const { http } = api(stores.app);
    const mismatches: string[] = [];
    for (const row of ROWS) {
      for (const role of ROLES) {
        const path = await pathFor(row);
        const body = row.body?.(ids);
        const response = path.endsWith("/stream")
          ? await openStream(path, headers[role])
          : await (body === undefined
              ? http()[row.method.toLowerCase() as "get"](path).set(headers[role])
              : http()
                  [row.method.toLowerCase() as "post"](path)
                  .set(headers[role])
                  .send(body as object));
        const wasRefused = refused(row, response.status, response.body ?? {});
        const shouldRefuse = !row.allowed.includes(role);
        if (wasRefused !== shouldRefuse) {
          mismatches.push(
            `${row.method} ${row.path} as ${role}: ${response.status} (expected ${shouldRefuse ? "refusal" : "access"})`,
          );
        }
        expect(response.status, `${row.method} ${row.path} as ${role}`).toBeLessThan(500);
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});

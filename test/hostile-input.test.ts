import fc from "fast-check";
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { serviceRoutes } from "../src/app.js";
import { api, barberShop, officialAuth } from "./support/api.js";
import { useTestStores } from "./support/stores.js";

/**
 * Thousands of malformed and hostile requests to every route: operator objects where strings
 * belong, huge strings, deep nesting, wrong types, invalid UTF-8, forged tokens, forged and
 * truncated venue codes. No answer may be a 5xx; refusals have the error shape; a refused
 * request stores nothing.
 */
const stores = useTestStores();

let routes: { method: string; path: string }[];
let callers: Record<string, string>[];
let venue: { id: string; code: string };

beforeAll(async () => {
  routes = serviceRoutes(stores.deps).map((route) => ({ method: route.method.toUpperCase(), path: route.path }));
  const { http, signInVerified } = api(stores.app);
  const owner = await signInVerified("fuzz-owner", 6101);
  venue = (await http().post("/api/venues").set(owner).send(barberShop())).body;
  const services = stores.deps.services;
  callers = [
    {},
    owner,
    await officialAuth(services, "health"),
    await officialAuth(services, "police"),
    await officialAuth(services, "admin"),
  ];
});

const operator = fc.constantFrom<unknown>(
  { $gt: "" },
  { $ne: null },
  { $where: "sleep(1000)" },
  { $regex: ".*" },
  { $in: [] },
  { $expr: { $eq: [1, 1] } },
  { $function: { body: "x" } },
);
const hugeString = fc.integer({ min: 10_000, max: 300_000 }).map((n) => "码".repeat(n));
const deep = fc.integer({ min: 20, max: 3000 }).map((depth) => {
  let value: unknown = "底";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
});
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 5 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  operator,
  hugeString,
  deep,
  wrongType,
  fc.string(),
  fc.string({ unit: "grapheme" }),
);
const fieldNames = fc.constantFrom(
  "code",
  "name",
  "idNumber",
  "phone",
  "venueId",
  "places",
  "case",
  "username",
  "password",
  "text",
  "sessionId",
  "companionIds",
  "__proto__",
  "constructor",
  "$where",
  "regionCode",
);
const hostileBody = fc.oneof(
  fc.dictionary(fieldNames, hostileValue, { maxKeys: 6 }),
  hostileValue,
  fc.array(hostileValue, { maxLength: 3 }),
);
/** Bytes that are not JSON, or not UTF-8 at all. */
const brokenBytes = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.from([0xc3, 0x28, 0xff, ...bytes])),
  fc.constantFrom(Buffer.from('{"code": "\\ud800"'), Buffer.from("{'a': 1}"), Buffer.from('{"a":1}garbage')),
);
const forgedToken = fc.oneof(
  fc.string({ minLength: 1, maxLength: 400 }),
  fc.constantFrom(
    "eyJhbGciOiJub25lIn0.eyJraW5kIjoib2ZmaWNpYWwiLCJyb2xlIjoiYWRtaW4ifQ.",
    "eyJhbGciOiJIUzI1NiJ9.eyJraW5kIjoib2ZmaWNpYWwiLCJyb2xlIjoiYWRtaW4ifQ.AAAA",
  ),
);
const pathValue = fc.oneof(
  fc.constantFrom("..%2F..%2Fetc%2Fpasswd", "%24gt", "%7B%22%24gt%22%3A%22%22%7D", "0".repeat(24), "x".repeat(3000)),
  fc.string({ minLength: 1, maxLength: 60 }).map(encodeURIComponent),
  fc.constant("CODE"), // replaced by a truncated real code below
);
const query = fc.oneof(
  fc.constant(""),
  fc
    .dictionary(
      fc.constantFrom("groupBy", "from", "to", "hours", "limit", "region", "venueId", "a[$ne]", "region[$gt]"),
      fc.string({ maxLength: 40 }),
      { maxKeys: 4 },
    )
    .map((params) => new URLSearchParams(params).toString()),
);

async function storedDocuments(): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) throw new Error("not connected");
  let total = 0;
  for (const collection of await db.collections()) total += await collection.countDocuments();
  return total;
}

describe("hostile input", () => {
  it("never gets a 5xx, refusals have the error shape, and a refused request stores nothing", async () => {
    const { http } = api(stores.app);
    const seen = { requests: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.oneof(
          hostileBody.map((body) => ({ kind: "json" as const, body })),
          brokenBytes.map((body) => ({ kind: "bytes" as const, body })),
        ),
        pathValue,
        query,
        fc.nat(),
        fc.option(forgedToken, { nil: undefined }),
        async (routeIndex, payload, idInPath, search, callerIndex, token) => {
          const route = routes[routeIndex % routes.length] as { method: string; path: string };
          const truncated = venue.code.slice(0, 1 + (routeIndex % 19));
          const id = idInPath === "CODE" ? truncated : idInPath;
          const path = route.path.replace(/:[a-z]+/g, id) + (search ? `?${search}` : "");
          const auth = token ? { Authorization: `Bearer ${token}` } : (callers[callerIndex % callers.length] ?? {});
          const before = await storedDocuments();
          let request = http()[route.method.toLowerCase() as "post"](path).set(auth);
          if (path.includes("/stream")) request = request.timeout({ response: 1500 });
          const bytes = payload.kind === "json" ? (JSON.stringify(payload.body) ?? "null") : payload.body;
          const response = await request
            .set("Content-Type", "application/json")
            .send(bytes)
            .catch((error: { timeout?: number }) => {
              if (error.timeout) return { status: 200, body: {}, headers: {} };
              throw error;
            });
          seen.requests++;
          expect(response.status, `${route.method} ${path}`).toBeLessThan(500);
          if (response.status >= 400) {
            seen.refused++;
            if (path.startsWith("/api/")) {
              expect(response.body.error, `${route.method} ${path}`).toMatchObject({
                code: expect.any(String),
                message: expect.any(String),
                userMessage: expect.any(String),
              });
            }
            expect(await storedDocuments(), `${route.method} ${path} stored something`).toBe(before);
          }
        },
      ),
      { numRuns: 2500, seed: 20261122 },
    );
    expect(seen.refused).toBeGreaterThan(seen.requests * 0.8);
  }, 300_000);
});

import { readFile } from "node:fs/promises";
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CLIENT_TYPES_FILE, REFERENCE_FILE, renderClientTypes, renderReference } from "../scripts/api-reference.js";
import { composeApp, serviceRoutes } from "../src/app.js";
import { defineRoute, isRawResponse, routerOf } from "../src/http/contract.js";
import { api } from "./support/api.js";
import { useTestStores } from "./support/stores.js";

/**
 * One contract per route: the API's shape is declared once, and the OpenAPI document, the
 * reference and the clients' typings are what those declarations generate.
 */
const stores = useTestStores();

describe("the routes' contracts", () => {
  it("serves an OpenAPI 3.1 document that validates", async () => {
    const res = await api(stores.app).http().get("/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    await expect(validate(structuredClone(res.body))).resolves.toMatchObject({ valid: true });
    expect(Object.keys(res.body.paths)).toContain("/api/venues/{id}");
    expect(res.body.components.schemas.Pass.properties.status.enum).toEqual(["green", "yellow", "red"]);
  });

  it("declares a response schema for every answer of every route, JSON ones as schemas", () => {
    for (const route of serviceRoutes(stores.deps)) {
      const statuses = Object.entries(route.responses);
      expect(statuses.length, route.path).toBeGreaterThan(0);
      for (const [, specs] of statuses) {
        for (const spec of Array.isArray(specs) ? specs : [specs]) {
          if (spec && isRawResponse(spec) && spec.contentType === "application/json") {
            expect(route.path, "JSON described by its content type alone").toBe("/api/openapi.json");
          }
        }
      }
    }
  });

  it("keeps docs/api.md and the clients' typings as the contracts generate them (npm run -s docs:api)", async () => {
    const routes = serviceRoutes(stores.deps);
    expect(await readFile(REFERENCE_FILE, "utf8")).toBe(renderReference(routes));
    expect(await readFile(CLIENT_TYPES_FILE, "utf8")).toBe(await renderClientTypes(routes));
  });

  it("fails an answer its contract does not declare outside production, and lets it through in production", async () => {
    const route = defineRoute({
      method: "get",
      path: "/probe",
      tag: "test",
      summary: "answers a field it did not declare",
      access: "anyone",
      responses: { 200: z.strictObject({ ok: z.boolean() }) },
      handle(ctx) {
        ctx.body = { ok: true, secret: "not for clients" };
      },
    });
    const checked = composeApp(stores.deps, [routerOf([route], { checkResponses: true })]);
    const failed = await api(checked).http().get("/probe");
    expect(failed.status).toBe(500);
    expect(JSON.stringify(failed.body)).not.toContain("not for clients");
    const unchecked = composeApp(stores.deps, [routerOf([route], { checkResponses: false })]);
    expect((await api(unchecked).http().get("/probe")).body).toEqual({ ok: true, secret: "not for clients" });
  });
});

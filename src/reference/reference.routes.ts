import { z } from "zod";
import { defineRoute } from "../http/contract.js";
import { named } from "../http/named.js";
import type { Services } from "../services.js";

const categoriesSchema = named(
  "VenueCategories",
  z.strictObject({
    categories: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        includes: z.array(z.string()),
        defaultDwellMinutes: z.number().int(),
        vehicle: z.boolean(),
      }),
    ),
  }),
);

const regionsSchema = named(
  "Regions",
  z.strictObject({
    city: z.strictObject({ code: z.string(), name: z.string() }),
    regions: z.array(z.strictObject({ code: z.string(), name: z.string() })),
  }),
);

/** The venue categories of the notice and the city's districts; public, cacheable. */
export function referenceRoutes({ reference }: Services) {
  return [
    defineRoute({
      method: "get",
      path: "/api/venue-categories",
      tag: "reference",
      summary: "The 24 venue categories named by the notice",
      access: "anyone",
      responses: { 200: categoriesSchema },
      handle(ctx) {
        ctx.set("Cache-Control", "public, max-age=3600");
        ctx.body = {
          categories: reference.categories.map(({ id, name, includes, defaultDwellMinutes, vehicle }) => ({
            id,
            name,
            includes: includes ?? [],
            defaultDwellMinutes,
            vehicle: Boolean(vehicle),
          })),
        };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/regions",
      tag: "reference",
      summary: "The city and its districts, for statistics by region",
      access: "anyone",
      responses: { 200: regionsSchema },
      handle(ctx) {
        ctx.set("Cache-Control", "public, max-age=3600");
        ctx.body = { city: reference.regions.city, regions: reference.regions.regions };
      },
    }),
  ];
}

import { z } from "zod";
import { defineRoute } from "../http/contract.js";
import { named } from "../http/named.js";
import { id, isoTime } from "../http/schemas.js";
import { requireOfficial, requireResident } from "../policies/index.js";
import type { Services } from "../services.js";
import { venueListingFields } from "../venues/venues.schema.js";
import { dailyScansQuery, inactiveVenuesQuery, venueStatsQuery } from "./stats.schema.js";

const venueStatsSchema = named(
  "VenueStats",
  z.strictObject({
    groupBy: z.enum(["region", "category"]),
    from: isoTime,
    to: isoTime,
    rows: z.array(
      z.strictObject({
        key: z.string().describe("a region code or a category id"),
        name: z.string(),
        venues: z.number().int().describe("venues registered"),
        activeVenues: z.number().int().describe("venues with a scan in the 24 hours before `to`"),
        scans: z.number().int().describe("scans in the range"),
      }),
    ),
  }),
);

const inactiveVenuesSchema = named(
  "InactiveVenues",
  z.strictObject({
    hours: z.number().int(),
    total: z.number().int(),
    venues: z.array(
      z.strictObject({
        ...venueListingFields,
        contactPhone: z.string().describe("whole, so the officer can call; showing it is audited"),
        lastScanAt: isoTime.nullable().describe("the latest check-in kept (RETENTION_DAYS), or null"),
        registeredAt: isoTime,
      }),
    ),
  }),
);

const ownerScanCountsSchema = named(
  "OwnerScanCounts",
  z.strictObject({
    venues: z.array(
      z.strictObject({
        venueId: id,
        name: z.string(),
        today: z.number().int().describe("scans since midnight, China time"),
        thisWeek: z.number().int().describe("scans since Monday midnight, China time"),
      }),
    ),
  }),
);

const OFFICIALS = "health, police, admin (a district-limited official: their district only)";

/** Statistics for every official; compliance for police (and administrators). */
export function statsRoutes({ stats }: Services) {
  return [
    defineRoute({
      method: "get",
      path: "/api/me/venue-scans",
      tag: "stats",
      summary: "How many scanned at each venue the resident owns, today and this week (counts only, no names)",
      access: "resident (their own venues; staff see none)",
      authorize: requireResident,
      responses: { 200: ownerScanCountsSchema },
      async handle(ctx, _input, { userId }) {
        ctx.body = { venues: await stats.forOwner(userId) };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/stats/venues",
      tag: "stats",
      summary:
        "Per district or category: venues registered, venues active, scans in the range (China days, at most 366); format=csv downloads a spreadsheet (audited)",
      access: OFFICIALS,
      authorize: (ctx) => requireOfficial(ctx, ["health", "police", "admin"]),
      query: venueStatsQuery,
      responses: {
        200: [
          venueStatsSchema,
          { contentType: "text/csv; charset=utf-8", description: "the rows as a spreadsheet (UTF-8 with BOM)" },
        ],
      },
      async handle(ctx, { query }, official) {
        const { groupBy, format, range } = query;
        if (format === "csv") {
          ctx.type = "text/csv; charset=utf-8";
          ctx.attachment(`venue-stats-${groupBy}.csv`);
          ctx.body = await stats.venuesCsv(official, groupBy, range);
          return;
        }
        ctx.body = {
          groupBy,
          from: range.start.toISOString(),
          to: range.end.toISOString(),
          rows: await stats.venues(official, groupBy, range),
        };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/stats/scans/daily",
      tag: "stats",
      summary: "Scans per China day over the range, every day listed",
      access: OFFICIALS,
      authorize: (ctx) => requireOfficial(ctx, ["health", "police", "admin"]),
      query: dailyScansQuery,
      responses: {
        200: named(
          "DailyScans",
          z.strictObject({
            days: z.array(z.strictObject({ date: z.string().describe("YYYY-MM-DD"), scans: z.number().int() })),
          }),
        ),
      },
      async handle(ctx, { query }, official) {
        ctx.body = { days: await stats.dailyScans(official, query.range, query.region) };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/compliance/inactive-venues",
      tag: "stats",
      summary:
        "Registered venues with no scan in the last `hours` (by district and category): likely the code is not posted or not checked; the whole contact phones shown are audited",
      access: "health, police, admin (a district-limited official: their district only)",
      authorize: (ctx) => requireOfficial(ctx, ["health", "police", "admin"]),
      query: inactiveVenuesQuery,
      responses: { 200: inactiveVenuesSchema },
      async handle(ctx, { query }, official) {
        ctx.body = await stats.inactiveVenues(official, query);
      },
    }),
  ];
}

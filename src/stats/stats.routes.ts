import Router from "@koa/router";
import { requireOfficial } from "../policies/index.js";
import type { Services } from "../services.js";
import { dailyScansQuery, inactiveVenuesQuery, venueStatsQuery } from "./stats.schema.js";

/** Statistics for every official; compliance for police (and administrators). */
export function statsRoutes({ stats }: Services): Router {
  const router = new Router({ prefix: "/api" });

  router.get("/stats/venues", async (ctx) => {
    const official = requireOfficial(ctx, ["health", "police", "admin"]);
    const { groupBy, format, range } = venueStatsQuery.parse(ctx.query);
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
  });

  router.get("/stats/scans/daily", async (ctx) => {
    const official = requireOfficial(ctx, ["health", "police", "admin"]);
    const { region, range } = dailyScansQuery.parse(ctx.query);
    ctx.body = { days: await stats.dailyScans(official, range, region) };
  });

  router.get("/compliance/inactive-venues", async (ctx) => {
    const official = requireOfficial(ctx, ["police", "admin"]);
    ctx.body = await stats.inactiveVenues(official, inactiveVenuesQuery.parse(ctx.query));
  });

  return router;
}

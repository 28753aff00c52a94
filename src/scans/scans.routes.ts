import Router from "@koa/router";
import { assertVenueStaff, requireResident } from "../policies/index.js";
import type { Services } from "../services.js";
import { cachedVenueOf } from "../venues/venue-cache.js";
import { colourOnly } from "./pass.js";
import { scanSchema, visitorSchema } from "./scans.schema.js";

export function scanRoutes({ scans, venues }: Services): Router {
  const router = new Router({ prefix: "/api" });

  /** Check-in by scanning a venue code: 201 with new visits, 200 when the scan repeats an earlier one. */
  router.post("/scans", async (ctx) => {
    const { userId } = requireResident(ctx);
    const body = scanSchema.parse(ctx.request.body);
    const outcome = await scans.scan({ userId, ...body, ip: ctx.ip });
    ctx.status = outcome.repeated ? 200 : 201;
    ctx.body = outcome;
  });

  /** No-phone entry (无手机入场): staff register a visitor; they see only what the door needs. */
  router.post("/venues/:id/manual-entries", async (ctx) => {
    const { userId } = requireResident(ctx);
    // Whether the caller works there comes first: others learn nothing from how their input is judged.
    const venue = await venues.get(ctx.params.id ?? "");
    assertVenueStaff(venue, userId);
    const person = visitorSchema.parse(ctx.request.body);
    const outcome = await scans.manualEntry(cachedVenueOf(venue), userId, person);
    ctx.status = outcome.repeated ? 200 : 201;
    const [visit] = outcome.visits;
    const [pass] = outcome.passes;
    // The door needs the colour, not why: a no-phone entry must not tell anyone a person's health
    // code or alerts.
    ctx.body = { visit, pass: pass ? colourOnly(pass) : pass };
  });

  return router;
}

import { defineRoute } from "../http/contract.js";
import { idParams } from "../http/schemas.js";
import { assertVenueStaff, requireResident } from "../policies/index.js";
import type { Services } from "../services.js";
import { cachedVenueOf } from "../venues/venue-cache.js";
import { colourOnly } from "./pass.js";
import { manualEntrySchema, scanOutcomeSchema, scanSchema, visitorSchema } from "./scans.schema.js";

export function scanRoutes({ scans, venues }: Services) {
  return [
    defineRoute({
      method: "post",
      path: "/api/scans",
      tag: "scans",
      summary:
        "Check in by scanning a venue code, for oneself and the chosen companions: 201 with new visits, 200 for a repeat; revoked code 410",
      access: "resident with real name",
      authorize: requireResident,
      body: scanSchema,
      responses: { 200: scanOutcomeSchema, 201: scanOutcomeSchema },
      async handle(ctx, { body }, { userId }) {
        const outcome = await scans.scan({ userId, ...body, ip: ctx.ip });
        ctx.status = outcome.repeated ? 200 : 201;
        ctx.body = outcome;
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/venues/:id/manual-entries",
      tag: "scans",
      summary:
        "No-phone entry (无手机入场): staff register a visitor, phone optional; the door sees the colour only (10 a minute per staff member and venue)",
      access: "the venue's owner and staff",
      async authorize(ctx) {
        const { userId } = requireResident(ctx);
        const venue = await venues.get(String(ctx.params.id ?? ""));
        assertVenueStaff(venue, userId);
        return { userId, venue };
      },
      params: idParams,
      fieldLabels: {
        phone: { label: "联系电话", expected: "可不填；填写时请填11位手机号，或带区号的座机（如0515-88888888）" },
      },
      body: visitorSchema,
      responses: { 200: manualEntrySchema, 201: manualEntrySchema },
      async handle(ctx, { body }, { userId, venue }) {
        const outcome = await scans.manualEntry(cachedVenueOf(venue), userId, body);
        const [visit] = outcome.visits;
        const [pass] = outcome.passes;
        if (!visit || !pass) throw new Error("a no-phone entry recorded no visit");
        ctx.status = outcome.repeated ? 200 : 201;
        // The door needs the colour, not why: a no-phone entry must not tell anyone a person's health
        // code or alerts.
        ctx.body = { visit, pass: colourOnly(pass) };
      },
    }),
  ];
}

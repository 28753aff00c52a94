import { z } from "zod";
import { defineRoute } from "../http/contract.js";
import { named } from "../http/named.js";
import { isoTime } from "../http/schemas.js";
import { requireOfficial } from "../policies/index.js";
import type { Services } from "../services.js";
import { HEALTH_CODE_COLOURS } from "./colours.js";
import { setHealthCodeSchema } from "./health-codes.schema.js";

/** PUT /api/health-codes — an official sets a person's colour for the built-in provider, with a reason. */
export function healthCodeRoutes({ healthCodes }: Services) {
  return [
    defineRoute({
      method: "put",
      path: "/api/health-codes",
      tag: "health-codes",
      summary:
        "Set a person's health-code colour for the built-in provider, with a reason (audited with the previous colour)",
      access: "admin; health (a district-limited one only for people with a visit in their district)",
      authorize: (ctx) => requireOfficial(ctx, ["health", "admin"]),
      body: setHealthCodeSchema,
      responses: {
        200: named(
          "HealthCodeSet",
          z.strictObject({
            idNumber: z.string().describe("masked"),
            color: z.enum(HEALTH_CODE_COLOURS),
            previous: z.enum(HEALTH_CODE_COLOURS),
            updatedAt: isoTime,
          }),
        ),
      },
      async handle(ctx, { body }, official) {
        ctx.body = await healthCodes.setColour(official, body);
      },
    }),
  ];
}

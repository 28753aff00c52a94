import Router from "@koa/router";
import { z } from "zod";
import { ConflictError } from "../errors.js";
import { maskIdNumber } from "../identity/masking.js";
import { personSchema } from "../identity/person.js";
import { requireOfficial } from "../policies/index.js";
import type { Services } from "../services.js";
import { HEALTH_CODE_COLOURS, HealthCode } from "./health-code.model.js";

const setHealthCodeSchema = z
  .object({ idNumber: personSchema.shape.idNumber, color: z.enum(HEALTH_CODE_COLOURS) })
  .strict();

/** PUT /api/health-codes — health officials set a person's colour for the built-in provider. */
export function healthCodeRoutes({ config, protector }: Services): Router {
  const router = new Router({ prefix: "/api/health-codes" });
  router.put("/", async (ctx) => {
    const official = requireOfficial(ctx, ["health"]);
    const { idNumber, color } = setHealthCodeSchema.parse(ctx.request.body);
    if (config.healthCodes.provider !== "builtin") {
      throw new ConflictError(
        "HEALTH_CODES_EXTERNAL",
        "Health codes come from the provincial service (HEALTH_CODE_PROVIDER=http); set them there",
        "健康码由省级平台提供，请在省级平台调整。",
      );
    }
    const updatedAt = new Date();
    await HealthCode.updateOne(
      { idHash: protector.hash(idNumber) },
      { $set: { colour: color, updatedAt, setBy: official.officialId } },
      { upsert: true },
    );
    ctx.body = { idNumber: maskIdNumber(idNumber), color, updatedAt: updatedAt.toISOString() };
  });
  return router;
}

import { z } from "zod";
import { reasonSchema } from "../audit/audit.schema.js";
import { personSchema } from "../identity/person.js";
import { HEALTH_CODE_COLOURS } from "./colours.js";

export const setHealthCodeSchema = z
  .object({ idNumber: personSchema.shape.idNumber, color: z.enum(HEALTH_CODE_COLOURS), reason: reasonSchema })
  .strict();

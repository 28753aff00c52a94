import { z } from "zod";
import { OFFICIAL_ROLES } from "./principal.js";

export const wechatSignInSchema = z.object({ code: z.string().min(1).max(128) }).strict();

export const officialLoginSchema = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) })
  .strict();

export const createOfficialSchema = z
  .object({
    username: z
      .string()
      .regex(/^[a-zA-Z0-9_.-]{3,32}$/, "expected 3 to 32 letters, digits, dots, dashes or underscores"),
    password: z.string().min(12, "expected at least 12 characters").max(128),
    role: z.enum(OFFICIAL_ROLES),
    regionCode: z
      .string()
      .regex(/^[A-Za-z0-9-]{2,20}$/)
      .optional(),
  })
  .strict();

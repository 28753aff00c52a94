import { z } from "zod";
import { withoutIdNumber } from "../http/schemas.js";
import { OFFICIAL_ROLES } from "./principal.js";

export const wechatSignInSchema = z.object({ code: z.string().min(1).max(128) }).strict();

export const officialLoginSchema = z
  .object({
    // Counted under its name in Redis before it is looked up: an identity number there would be kept in clear.
    username: withoutIdNumber(z.string().min(1).max(64)),
    password: z.string().min(1).max(256),
  })
  .strict();

export const createOfficialSchema = z
  .object({
    username: withoutIdNumber(
      z.string().regex(/^[a-zA-Z0-9_.-]{3,32}$/, "expected 3 to 32 letters, digits, dots, dashes or underscores"),
    ),
    password: z
      .string()
      .min(12, "expected at least 12 characters")
      .max(128)
      .refine((password) => new Set(password).size >= 6, "expected at least 6 different characters"),
    role: z.enum(OFFICIAL_ROLES),
    regionCode: z
      .string()
      .regex(/^[A-Za-z0-9-]{2,20}$/)
      .optional(),
  })
  .strict()
  // An administrator decides for the whole city (officials, districts of venues): never limited to one.
  .refine((official) => !(official.role === "admin" && official.regionCode), {
    message: "an administrator acts city-wide and has no region",
    path: ["regionCode"],
  });

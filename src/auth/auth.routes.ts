import { z } from "zod";
import { ValidationError } from "../errors.js";
import { defineRoute } from "../http/contract.js";
import { named } from "../http/named.js";
import { id, isoTime } from "../http/schemas.js";
import { requireOfficial } from "../policies/index.js";
import type { Services } from "../services.js";
import { userView, userViewSchema } from "../users/user.presenter.js";
import { createOfficialSchema, officialLoginSchema, wechatSignInSchema } from "./auth.schema.js";
import { OFFICIAL_ROLES } from "./principal.js";

const officialSchema = named(
  "Official",
  z.strictObject({
    id,
    username: z.string(),
    role: z.enum(OFFICIAL_ROLES),
    regionCode: z.string().nullable().describe("the district an official is limited to; null: city-wide"),
  }),
);

export function authRoutes({ users, officials, tokens, reference, venues, audit }: Services) {
  return [
    defineRoute({
      method: "post",
      path: "/api/auth/wechat",
      tag: "auth",
      summary: "Resident sign-in with a wx.login code (dev:<name> in development)",
      access: "anyone",
      body: wechatSignInSchema,
      fieldLabels: { code: { label: "微信登录", expected: "登录没有成功，请重新打开小程序" } },
      responses: {
        200: named("ResidentSignIn", z.strictObject({ token: z.string(), expiresAt: isoTime, user: userViewSchema })),
      },
      async handle(ctx, { body }) {
        const user = await users.signInWithWeChat(body.code);
        const { token, expiresAt } = await tokens.issue({ kind: "resident", userId: String(user._id) });
        ctx.body = { token, expiresAt, user: await userView(venues, user) };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/auth/login",
      tag: "auth",
      summary:
        "Official sign-in; attempts are counted before the password is checked (5 per username, 30 per address in 15 minutes)",
      access: "anyone",
      body: officialLoginSchema,
      responses: {
        200: named(
          "OfficialSignIn",
          z.strictObject({ token: z.string(), expiresAt: isoTime, official: officialSchema }),
        ),
      },
      async handle(ctx, { body }) {
        const official = await officials.login(body.username, body.password, ctx.ip);
        const { token, expiresAt } = await tokens.issue(official);
        ctx.body = {
          token,
          expiresAt,
          official: {
            id: official.officialId,
            username: official.username,
            role: official.role,
            regionCode: official.regionCode ?? null,
          },
        };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/officials",
      tag: "auth",
      summary: "Create an official; a region code limits a health or police official to that district (audited)",
      access: "admin",
      authorize: (ctx) => requireOfficial(ctx, ["admin"]),
      body: createOfficialSchema,
      responses: { 201: officialSchema },
      async handle(ctx, { body }, admin) {
        if (body.regionCode && !reference.region(body.regionCode)) {
          throw new ValidationError([{ path: "regionCode", message: "unknown region; see GET /api/regions" }]);
        }
        const official = await officials.create(body, admin.officialId);
        await audit.record(
          admin,
          "official.create",
          { username: official.username, role: official.role, regionCode: official.regionCode ?? null },
          0,
        );
        ctx.status = 201;
        ctx.body = {
          id: String(official._id),
          username: official.username,
          role: official.role,
          regionCode: official.regionCode ?? null,
        };
      },
    }),
  ];
}

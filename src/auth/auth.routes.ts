import Router from "@koa/router";
import { ValidationError } from "../errors.js";
import { requireOfficial } from "../policies/index.js";
import type { Services } from "../services.js";
import { userView } from "../users/user.presenter.js";
import { createOfficialSchema, officialLoginSchema, wechatSignInSchema } from "./auth.schema.js";

export function authRoutes({ users, officials, tokens, reference, venues, audit }: Services): Router {
  const router = new Router({ prefix: "/api" });

  router.post("/auth/wechat", async (ctx) => {
    const { code } = wechatSignInSchema.parse(ctx.request.body);
    const user = await users.signInWithWeChat(code);
    const { token, expiresAt } = await tokens.issue({ kind: "resident", userId: String(user._id) });
    ctx.body = { token, expiresAt, user: await userView(venues, user) };
  });

  router.post("/auth/login", async (ctx) => {
    const { username, password } = officialLoginSchema.parse(ctx.request.body);
    const official = await officials.login(username, password, ctx.ip);
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
  });

  router.post("/officials", async (ctx) => {
    const admin = requireOfficial(ctx, ["admin"]);
    const input = createOfficialSchema.parse(ctx.request.body);
    if (input.regionCode && !reference.region(input.regionCode)) {
      throw new ValidationError([{ path: "regionCode", message: "unknown region; see GET /api/regions" }]);
    }
    const official = await officials.create(input, admin.officialId);
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
  });

  return router;
}

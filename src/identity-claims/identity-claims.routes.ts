import Router from "@koa/router";
import { assertUnscopedOrAdmin, requireOfficial, requireResident } from "../policies/index.js";
import type { Services } from "../services.js";
import { correctionSchema, fileClaimSchema, listClaimsQuery, resolveClaimSchema } from "./identity-claims.schema.js";

/**
 * Contested and mistaken identities: a resident claims a number verified on another account; an
 * official (administrator, or a health official not limited to a district) decides; officials
 * correct a mistyped number. Every decision is audited.
 */
export function identityClaimRoutes({ identityClaims }: Services): Router {
  const router = new Router({ prefix: "/api" });

  router.post("/me/identity-claims", async (ctx) => {
    const { userId } = requireResident(ctx);
    const input = fileClaimSchema.parse(ctx.request.body);
    ctx.status = 201;
    ctx.body = await identityClaims.file(userId, input);
  });

  router.get("/identity-claims", async (ctx) => {
    assertUnscopedOrAdmin(requireOfficial(ctx, ["admin", "health"]));
    const { status, limit } = listClaimsQuery.parse(ctx.query);
    ctx.body = { claims: await identityClaims.list(status, limit) };
  });

  router.post("/identity-claims/:id/resolve", async (ctx) => {
    const official = requireOfficial(ctx, ["admin", "health"]);
    assertUnscopedOrAdmin(official);
    const { decision, reason } = resolveClaimSchema.parse(ctx.request.body);
    ctx.body = await identityClaims.resolve(official, ctx.params.id ?? "", decision, reason);
  });

  /** A correction of a verified resident's identity number, by an administrator or health official. */
  router.post("/identity-corrections", async (ctx) => {
    const official = requireOfficial(ctx, ["admin", "health"]);
    ctx.body = await identityClaims.correct(official, correctionSchema.parse(ctx.request.body));
  });

  return router;
}

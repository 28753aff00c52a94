import { z } from "zod";
import { defineRoute } from "../http/contract.js";
import { id, idParams } from "../http/schemas.js";
import { assertUnscopedOrAdmin, requireOfficial, requireResident } from "../policies/index.js";
import type { Services } from "../services.js";
import {
  claimSchema,
  correctionSchema,
  fileClaimSchema,
  listClaimsQuery,
  resolveClaimSchema,
} from "./identity-claims.schema.js";

/** Decisions about who holds an identity belong to city-wide officials. */
function cityWideOfficial(ctx: Parameters<typeof requireOfficial>[0]) {
  const official = requireOfficial(ctx, ["admin", "health"]);
  assertUnscopedOrAdmin(official);
  return official;
}

/**
 * Contested and mistaken identities: a resident claims a number verified on another account; an
 * official (administrator, or a health official not limited to a district) decides; officials
 * correct a mistyped number. Every decision is audited.
 */
export function identityClaimRoutes({ identityClaims }: Services) {
  return [
    defineRoute({
      method: "post",
      path: "/api/me/identity-claims",
      tag: "identity-claims",
      summary: "Claim an identity number verified on another account; nothing changes until an official decides",
      access: "resident without a verified identity",
      authorize: requireResident,
      body: fileClaimSchema,
      responses: { 201: claimSchema },
      async handle(ctx, { body }, { userId }) {
        ctx.status = 201;
        ctx.body = await identityClaims.file(userId, body);
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/identity-claims",
      tag: "identity-claims",
      summary: "Claims by status, newest first",
      access: "admin; health not limited to a district",
      authorize: cityWideOfficial,
      query: listClaimsQuery,
      responses: { 200: z.strictObject({ claims: z.array(claimSchema) }) },
      async handle(ctx, { query }) {
        ctx.body = { claims: await identityClaims.list(query.status, query.limit) };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/identity-claims/:id/resolve",
      tag: "identity-claims",
      summary:
        "Grant a claim (the identity moves to the claimant; the other account keeps its data) or reject it, with a reason (audited)",
      access: "admin; health not limited to a district",
      authorize: cityWideOfficial,
      params: idParams,
      body: resolveClaimSchema,
      responses: { 200: z.strictObject({ id, status: z.enum(["granted", "rejected"]) }) },
      async handle(ctx, { params, body }, official) {
        ctx.body = await identityClaims.resolve(official, params.id, body.decision, body.reason);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/identity-corrections",
      tag: "identity-claims",
      summary:
        "Correct a verified resident's mistyped identity; their visits, open alerts and health-code colour follow them (audited)",
      access: "admin; health (a district-limited one only for people with a visit in their district)",
      authorize: (ctx) => requireOfficial(ctx, ["admin", "health"]),
      body: correctionSchema,
      responses: {
        200: z.strictObject({
          userId: id,
          identity: z.strictObject({ name: z.string().describe("masked"), idNumber: z.string().describe("masked") }),
        }),
      },
      async handle(ctx, { body }, official) {
        ctx.body = await identityClaims.correct(official, body);
      },
    }),
  ];
}

import { z } from "zod";
import { defineRoute } from "../http/contract.js";
import { id, idParams } from "../http/schemas.js";
import { requireResident } from "../policies/index.js";
import type { Services } from "../services.js";
import {
  addCompanionSchema,
  answerRequestSchema,
  companionRequestsSchema,
  companionSchema,
} from "./companions.schema.js";

export function companionRoutes({ companions }: Services) {
  return [
    defineRoute({
      method: "get",
      path: "/api/me/companions",
      tag: "companions",
      summary: "The resident's companions without phones (添加随行人员), masked",
      access: "resident",
      authorize: requireResident,
      responses: { 200: z.strictObject({ companions: z.array(companionSchema) }) },
      async handle(ctx, _input, { userId }) {
        ctx.body = { companions: (await companions.list(userId)).map((c) => companions.view(c)) };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/me/companions",
      tag: "companions",
      summary:
        "Add a companion: at most 10, three new a day, checked by the real-name service; a person with an account of their own must consent",
      access: "resident",
      authorize: requireResident,
      body: addCompanionSchema,
      responses: { 201: companionSchema },
      async handle(ctx, { body }, { userId }) {
        ctx.status = 201;
        ctx.body = companions.view(await companions.add(userId, body));
      },
    }),
    defineRoute({
      method: "delete",
      path: "/api/me/companions/:id",
      tag: "companions",
      summary: "Remove a companion",
      access: "resident",
      authorize: requireResident,
      params: idParams,
      responses: { 204: null },
      async handle(ctx, { params }, { userId }) {
        await companions.remove(userId, params.id);
        ctx.status = 204;
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/me/companion-requests",
      tag: "companions",
      summary: "Others asking to check this resident in as their companion, waiting or agreed to",
      access: "resident",
      authorize: requireResident,
      responses: { 200: companionRequestsSchema },
      async handle(ctx, _input, { userId }) {
        ctx.body = { requests: await companions.requestsFor(userId) };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/me/companion-requests/:id",
      tag: "companions",
      summary: "Agree to a request, decline it, or withdraw an agreement (decline)",
      access: "resident (the holder of the identity asked for)",
      authorize: requireResident,
      params: idParams,
      body: answerRequestSchema,
      responses: { 200: z.strictObject({ id, consent: z.enum(["given", "declined"]) }) },
      async handle(ctx, { params, body }, { userId }) {
        const consent = await companions.answer(userId, params.id, body.decision);
        ctx.body = { id: params.id, consent: consent as "given" | "declined" };
      },
    }),
  ];
}

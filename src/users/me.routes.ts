import { defineRoute } from "../http/contract.js";
import { personSchema } from "../identity/person.js";
import { requireResident } from "../policies/index.js";
import type { Services } from "../services.js";
import { userView, userViewSchema } from "./user.presenter.js";

export function meRoutes({ users, venues }: Services) {
  return [
    defineRoute({
      method: "get",
      path: "/api/me",
      tag: "users",
      summary: "The signed-in resident: roles and real name (masked)",
      access: "resident",
      authorize: requireResident,
      responses: { 200: userViewSchema },
      async handle(ctx, _input, { userId }) {
        ctx.body = await userView(venues, await users.get(userId));
      },
    }),
    defineRoute({
      method: "put",
      path: "/api/me/identity",
      tag: "users",
      summary:
        "Real-name verification (实名认证), checked by the real-name service; once verified only the phone can be renewed",
      access: "resident",
      authorize: requireResident,
      body: personSchema.strict(),
      responses: { 200: userViewSchema },
      async handle(ctx, { body }, { userId }) {
        ctx.body = await userView(venues, await users.setIdentity(userId, body));
      },
    }),
  ];
}

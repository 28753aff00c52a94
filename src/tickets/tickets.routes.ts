import { z } from "zod";
import { defineRoute } from "../http/contract.js";
import { named } from "../http/named.js";
import { id, isoTime } from "../http/schemas.js";
import { requireOfficial } from "../policies/index.js";
import type { Services } from "../services.js";

const listQuery = z
  .object({
    status: z.enum(["open", "closed"]).default("open"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const ticketSchema = named(
  "Ticket",
  z.strictObject({
    id,
    question: z.string().describe("identity numbers in it are masked"),
    channel: z.string(),
    status: z.enum(["open", "closed"]),
    hasAccount: z.boolean(),
    createdAt: isoTime,
  }),
);

/** GET /api/tickets — questions the bot handed to people, for admins and health officials. */
export function ticketRoutes({ tickets }: Services) {
  return [
    defineRoute({
      method: "get",
      path: "/api/tickets",
      tag: "tickets",
      summary: "Questions the bot handed to a person (转人工), newest first",
      access: "admin, health",
      authorize: (ctx) => requireOfficial(ctx, ["admin", "health"]),
      query: listQuery,
      responses: { 200: z.strictObject({ tickets: z.array(ticketSchema) }) },
      async handle(ctx, { query }) {
        ctx.body = { tickets: await tickets.list(query.status, query.limit) };
      },
    }),
  ];
}

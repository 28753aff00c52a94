import { z } from "zod";
import { freeText } from "../audit/audit.schema.js";
import { defineRoute } from "../http/contract.js";
import { named } from "../http/named.js";
import { id, idParams, isoTime } from "../http/schemas.js";
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
    question: z.string().describe("identity and mobile numbers in it are masked"),
    channel: z.string(),
    status: z.enum(["open", "closed"]).describe("closed once an official has answered"),
    hasAccount: z.boolean(),
    reply: z
      .strictObject({ text: z.string(), by: z.string(), at: isoTime })
      .nullable()
      .describe("the official's answer, if any"),
    replyDelivered: z.boolean().describe("the bot has passed the answer on (when the person next wrote)"),
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
    defineRoute({
      method: "post",
      path: "/api/tickets/:id/reply",
      tag: "tickets",
      summary:
        "Answer a ticket, which closes it; the bot passes the answer on the next time the person writes, on the channel they asked on (audited)",
      access: "admin, health",
      authorize: (ctx) => requireOfficial(ctx, ["admin", "health"]),
      params: idParams,
      body: z.object({ text: freeText(2, 500, "an answer") }).strict(),
      responses: { 200: ticketSchema },
      async handle(ctx, { params, body }, official) {
        ctx.body = await tickets.reply(official, params.id, body.text);
      },
    }),
  ];
}

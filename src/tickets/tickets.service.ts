import { RateLimitedError } from "../errors.js";
import type { RateLimiter } from "../infra/rate-limiter.js";
import { Ticket } from "./ticket.model.js";

/** Tickets one chat contact, and one address, may open in a day. */
export const TICKETS_PER_CONTACT_PER_DAY = 3;
export const TICKETS_PER_ADDRESS_PER_DAY = 20;

export interface TicketRequest {
  question: string;
  channel: string;
  contactId: string;
  userId?: string | undefined;
  /** Where the request came from (the web chat's client address), for flood limits. */
  origin?: string | undefined;
}

/** Questions the bot handed to people (转人工): one open ticket per contact, a few a day. */
export class TicketsService {
  constructor(private readonly dailyLimiter: RateLimiter) {}

  /** Opens a ticket, or finds the contact's ticket still open; `created` tells which. */
  async open(request: TicketRequest): Promise<{ created: boolean }> {
    const { channel, contactId } = request;
    if (await Ticket.exists({ channel, contactId, status: "open" })) return { created: false };
    const decision = await this.dailyLimiter.consume([
      { key: `ticket:${channel}:${contactId}`, limit: TICKETS_PER_CONTACT_PER_DAY },
      ...(request.origin ? [{ key: `ticket:origin:${request.origin}`, limit: TICKETS_PER_ADDRESS_PER_DAY }] : []),
    ]);
    if (!decision.allowed) {
      throw new RateLimitedError(
        "TICKET_RATE_LIMITED",
        "Too many requests for a person today",
        "今天转人工的次数太多了，请明天再试，或拨打12345热线。",
        decision.retryAfterSeconds,
      );
    }
    await Ticket.create({
      question: request.question,
      channel,
      contactId,
      ...(request.userId ? { userId: request.userId } : {}),
    });
    return { created: true };
  }

  async list(status: "open" | "closed", limit: number) {
    const tickets = await Ticket.find({ status }).sort({ createdAt: -1 }).limit(limit).lean();
    return tickets.map((t) => ({
      id: String(t._id),
      question: t.question,
      channel: t.channel,
      status: t.status,
      hasAccount: Boolean(t.userId),
      createdAt: t.createdAt.toISOString(),
    }));
  }
}

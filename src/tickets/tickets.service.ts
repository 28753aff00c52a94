import mongoose from "mongoose";
import type { AuditLog } from "../audit/audit.service.js";
import type { OfficialPrincipal } from "../auth/principal.js";
import { ConflictError, NotFoundError, RateLimitedError } from "../errors.js";
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
  constructor(
    private readonly dailyLimiter: RateLimiter,
    private readonly audit: AuditLog,
  ) {}

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
    return tickets.map((t) => this.view(t));
  }

  /**
   * An official answers a ticket, which closes it; the bot tells the person the next time they
   * write, on the channel they asked on (audited).
   */
  async reply(official: OfficialPrincipal, ticketId: string, text: string) {
    const found = mongoose.isValidObjectId(ticketId) ? await Ticket.findById(ticketId).lean() : null;
    if (!found) throw new NotFoundError(`No ticket ${ticketId}`, "没有找到这个工单。", "TICKET_NOT_FOUND");
    const answered = await Ticket.findOneAndUpdate(
      { _id: found._id, status: "open" },
      { $set: { status: "closed", reply: { text, by: official.username, at: new Date() } } },
      { returnDocument: "after" },
    ).lean();
    if (!answered)
      throw new ConflictError("TICKET_CLOSED", "This ticket was already answered", "这个工单已经回复过了。");
    await this.audit.record(official, "ticket.reply", { ticketId }, 1);
    return this.view(answered);
  }

  /** Answers not yet passed on to this contact, oldest first, marked as passed on. */
  async takeReplies(channel: string, contactId: string): Promise<{ question: string; reply: string }[]> {
    const waiting = await Ticket.find({
      channel,
      contactId,
      status: "closed",
      reply: { $exists: true },
      replyDeliveredAt: { $exists: false },
    })
      .sort({ createdAt: 1 })
      .lean();
    const taken = [];
    for (const ticket of waiting) {
      // Marked one by one, so two messages at once cannot both pass the same answer on.
      const marked = await Ticket.updateOne(
        { _id: ticket._id, replyDeliveredAt: { $exists: false } },
        { $set: { replyDeliveredAt: new Date() } },
      );
      if (marked.modifiedCount === 1 && ticket.reply?.text) {
        taken.push({ question: ticket.question, reply: ticket.reply.text });
      }
    }
    return taken;
  }

  private view(t: {
    _id: unknown;
    question: string;
    channel: string;
    status?: string | null;
    userId?: unknown;
    reply?: { text?: string | null; by?: string | null; at?: Date | null } | null;
    replyDeliveredAt?: Date | null;
    createdAt: Date;
  }) {
    return {
      id: String(t._id),
      question: t.question,
      channel: t.channel,
      status: (t.status === "closed" ? "closed" : "open") as "open" | "closed",
      hasAccount: Boolean(t.userId),
      reply: t.reply?.text
        ? { text: t.reply.text, by: t.reply.by ?? "", at: (t.reply.at ?? t.createdAt).toISOString() }
        : null,
      replyDelivered: Boolean(t.replyDeliveredAt),
      createdAt: t.createdAt.toISOString(),
    };
  }
}

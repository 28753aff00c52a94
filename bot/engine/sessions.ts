import type { PersonalDataProtector, RedisClient } from "../../src/chat/bot-interface.js";

/** Where a conversation stands. Kept in Redis; forgotten after 30 minutes without a message. */
export interface ChatSession {
  flow?: string;
  /** The dialogue waits for the person to sign in before its first question. */
  awaitingSignIn?: boolean;
  answers: Record<string, string>;
  /** The steps answered so far, in order, so 上一步 can go back one. */
  answered: string[];
  /** The dialogue waits ("等会再弄") until the person says 继续. */
  paused?: boolean;
  /** Invalid answers in a row at the current step. */
  misses?: number;
  /** The topics offered by a clarifying question ("您是想问：1. … 2. …"), for the number chosen. */
  choices?: string[];
  /** The last question asked in this conversation, answered or not: what a later 转人工 hands over. */
  lastQuestion?: string;
}

export const SESSION_IDLE_SECONDS = 30 * 60;

const fresh = (): ChatSession => ({ answers: {}, answered: [] });

/**
 * Conversations in Redis, sealed with the personal-data protector (AES-256-GCM): answers include
 * names, identity numbers and phones, which must not sit in clear in Redis or its append-only file.
 */
export class ChatSessions {
  constructor(
    private readonly redis: RedisClient,
    private readonly protector: PersonalDataProtector,
  ) {}

  private key(channel: string, contactId: string): string {
    return `chat:session:${channel}:${contactId}`;
  }

  async load(channel: string, contactId: string): Promise<ChatSession> {
    const stored = await this.redis.get(this.key(channel, contactId));
    if (!stored) return fresh();
    try {
      return JSON.parse(this.protector.decrypt(stored)) as ChatSession;
    } catch {
      // Sealed with another key (or altered): start afresh rather than fail the conversation.
      return fresh();
    }
  }

  /**
   * The conversation of someone who just signed in: theirs if it is in a dialogue, else the one
   * they began before signing in (on the web, keyed by the page's session), which moves over.
   */
  async adopt(channel: string, contactId: string, anonymousId: string): Promise<ChatSession> {
    const own = await this.load(channel, contactId);
    if (own.flow) return own;
    const before = await this.load(channel, anonymousId);
    if (!before.flow) return own;
    await this.redis.del(this.key(channel, anonymousId));
    return before;
  }

  async save(channel: string, contactId: string, session: ChatSession): Promise<void> {
    await this.redis.set(
      this.key(channel, contactId),
      this.protector.encrypt(JSON.stringify(session)),
      "EX",
      SESSION_IDLE_SECONDS,
    );
  }
}

import type { Redis } from "ioredis";

/** Where a conversation stands. Kept in Redis; forgotten after 30 minutes without a message. */
export interface ChatSession {
  flow?: string;
  answers: Record<string, string>;
  /** The steps answered so far, in order, so 上一步 can go back one. */
  answered: string[];
  /** The last question the bot could not answer, for 转人工. */
  lastUnknown?: string;
}

export const SESSION_IDLE_SECONDS = 30 * 60;

export class ChatSessions {
  constructor(private readonly redis: Redis) {}

  private key(channel: string, contactId: string): string {
    return `chat:session:${channel}:${contactId}`;
  }

  async load(channel: string, contactId: string): Promise<ChatSession> {
    const stored = await this.redis.get(this.key(channel, contactId));
    return stored ? (JSON.parse(stored) as ChatSession) : { answers: {}, answered: [] };
  }

  async save(channel: string, contactId: string, session: ChatSession): Promise<void> {
    await this.redis.set(this.key(channel, contactId), JSON.stringify(session), "EX", SESSION_IDLE_SECONDS);
  }
}

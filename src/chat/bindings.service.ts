import { randomInt } from "node:crypto";
import type { Redis } from "ioredis";
import { ChatBinding } from "./binding.model.js";

export const BIND_CODE_SECONDS = 10 * 60;

/**
 * Links chat contacts to accounts: the mini-program shows a one-time 6-digit code (valid ten
 * minutes), the resident sends "绑定 <code>" to the bot.
 */
export class BindingsService {
  constructor(private readonly redis: Redis) {}

  async issueCode(userId: string): Promise<{ code: string; expiresAt: string }> {
    for (;;) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
      if (await this.redis.set(`bind-code:${code}`, userId, "EX", BIND_CODE_SECONDS, "NX")) {
        return { code, expiresAt: new Date(Date.now() + BIND_CODE_SECONDS * 1000).toISOString() };
      }
    }
  }

  /** Uses up the code and links the contact; null when the code is wrong or expired. */
  async redeem(channel: "wechat", contactId: string, code: string): Promise<string | null> {
    const userId = await this.redis.getdel(`bind-code:${code}`);
    if (!userId) return null;
    await this.link(channel, contactId, userId);
    return userId;
  }

  async link(channel: "wechat", contactId: string, userId: string): Promise<void> {
    await ChatBinding.updateOne({ channel, contactId }, { $set: { userId } }, { upsert: true });
  }

  async userFor(channel: "wechat", contactId: string): Promise<string | undefined> {
    const binding = await ChatBinding.findOne({ channel, contactId }, { userId: 1 }).lean();
    return binding ? String(binding.userId) : undefined;
  }

  async contactsOf(userId: string): Promise<{ channel: string; contactId: string }[]> {
    return ChatBinding.find({ userId }, { channel: 1, contactId: 1, _id: 0 }).lean();
  }
}

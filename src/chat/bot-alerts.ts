import type { Logger } from "../infra/logger.js";
import type { RedisClient } from "../infra/redis-client.js";
import { type AlertChannel, AlertChannelSender, recipientsOf, type Send } from "../notifications/alert-channel.js";
import type { NotificationDocument } from "../notifications/notification.model.js";
import { ChatBinding } from "./binding.model.js";

async function contactsByUser(alerts: NotificationDocument[]): Promise<Map<string, string[]>> {
  const bindings = await ChatBinding.find(
    { channel: "wechat", userId: { $in: recipientsOf(alerts) } },
    { userId: 1, contactId: 1 },
  ).lean();
  const contacts = new Map<string, string[]>();
  for (const binding of bindings) {
    const userId = String(binding.userId);
    contacts.set(userId, [...(contacts.get(userId) ?? []), binding.contactId]);
  }
  return contacts;
}

/**
 * Alerts as messages from the bot, to residents who bound their WeChat contact to their account.
 * Only their alerts are queued, so the queue stays empty where no bot runs.
 */
export const botMessages: AlertChannel = {
  stream: "alerts:bot",
  statusField: "botStatus",
  async reachable(alerts) {
    const contacts = await contactsByUser(alerts);
    return alerts.filter((alert) => contacts.has(String(alert.recipientUserId)));
  },
};

/** The bot is not logged in to WeChat (yet, or any more): worth trying again shortly. */
export class BotOfflineError extends Error {
  readonly retryable = true;
  constructor() {
    super("the WeChat bot is not logged in");
  }
}

/** What the bot says: the alert as the inbox shows it, and where to act on it. */
export function botAlertText(alert: NotificationDocument): string {
  const heading = alert.riskLevel === "high" ? "【场所码·高风险提醒】" : "【场所码·风险提醒】";
  return `${heading}\n${alert.text}\n请打开“场所码”小程序的“提醒”页确认已知晓。`;
}

/**
 * The bot's sender, run by the process that holds the WeChat session. `say` sends a text to a
 * contact and returns false when the contact is not found.
 */
export function botAlertSender(
  redis: RedisClient,
  logger: Logger,
  messenger: { isLoggedIn(): boolean; say(contactId: string, text: string): Promise<boolean> },
  claimIdleMs?: number,
): AlertChannelSender {
  return new AlertChannelSender(
    redis,
    logger,
    botMessages,
    async (alerts) => {
      const contacts = await contactsByUser(alerts);
      const sends = new Map<string, Send | null>();
      for (const alert of alerts) {
        const to = contacts.get(String(alert.recipientUserId));
        sends.set(
          String(alert._id),
          to
            ? async () => {
                if (!messenger.isLoggedIn()) throw new BotOfflineError();
                const reached = await Promise.all(to.map((contactId) => messenger.say(contactId, botAlertText(alert))));
                if (!reached.some(Boolean)) throw new Error("no bound contact of this resident was found");
              }
            : null,
        );
      }
      return sends;
    },
    claimIdleMs,
  );
}

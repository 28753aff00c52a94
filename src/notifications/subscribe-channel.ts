import type { Redis } from "ioredis";
import type { Logger } from "../infra/logger.js";
import { User, type UserDocument } from "../users/user.model.js";
import type { WeChatApi } from "../wechat/api-client.js";
import { type AlertChannel, AlertChannelQueue, AlertChannelSender, type Send } from "./alert-channel.js";
import type { NotificationDocument } from "./notification.model.js";

/** Alerts as WeChat subscribe messages, to residents who agreed in the mini-program to receive one. */
export const subscribeMessages: AlertChannel = {
  stream: "alerts:subscribe",
  statusField: "subscribeStatus",
  reachable: async (alerts) => alerts,
};

function fromWeChat(user: UserDocument | undefined): user is UserDocument {
  return !!user && !user.openid.startsWith("dev:") && !user.openid.startsWith("chat:");
}

/** The subscribe-message queue for the fan-out, and its sender. */
export function subscribeMessageChannel(
  redis: Redis,
  logger: Logger,
  api: WeChatApi,
  templateId: string,
  claimIdleMs?: number,
) {
  const sender = new AlertChannelSender(
    redis,
    logger,
    subscribeMessages,
    async (alerts) => {
      const users = new Map(
        (
          await User.find(
            { _id: { $in: alerts.map((alert) => alert.recipientUserId) } },
            { openid: 1, alertSubscriptions: 1 },
          ).lean<UserDocument[]>()
        ).map((user) => [String(user._id), user]),
      );
      const sends = new Map<string, Send | null>();
      const usedUp = new Map<UserDocument, number>();
      for (const alert of alerts) {
        const user = users.get(String(alert.recipientUserId));
        const used = user ? (usedUp.get(user) ?? 0) : 0;
        const allowed = fromWeChat(user) && (user.alertSubscriptions ?? 0) > used;
        if (allowed) usedUp.set(user, used + 1);
        sends.set(
          String(alert._id),
          allowed
            ? async () => {
                await api.sendSubscribeMessage(messageFor(alert, user, templateId));
              }
            : null,
        );
      }
      await useUpAgreements(usedUp);
      return sends;
    },
    claimIdleMs,
  );
  return { queue: new AlertChannelQueue(redis, subscribeMessages), sender };
}

/**
 * Each agreement in WeChat allows one message: the batch's messages use them up, in one write. The
 * count is our copy of WeChat's; should two senders race on one resident, WeChat refuses the
 * message beyond the agreement (errcode 43101) and the alert is recorded as failed.
 */
async function useUpAgreements(usedUp: Map<UserDocument, number>): Promise<void> {
  if (usedUp.size === 0) return;
  await User.bulkWrite(
    [...usedUp].map(([user, count]) => ({
      updateOne: {
        filter: { _id: user._id, alertSubscriptions: { $gte: count } },
        update: { $inc: { alertSubscriptions: -count } },
      },
    })),
    { ordered: false },
  );
}

function messageFor(alert: NotificationDocument, user: UserDocument, templateId: string) {
  return {
    openid: user.openid,
    templateId,
    page: `pages/alerts/alerts?id=${String(alert._id)}`,
    data: {
      thing1: { value: alert.riskLevel === "high" ? "高风险时空交集提醒" : "中风险时空交集提醒" },
      thing2: { value: alert.aboutRelation === "本人" ? "本人" : `随行人员 ${alert.aboutName}`.slice(0, 20) },
      thing3: { value: "请打开小程序查看详情并按要求处理" },
    },
  };
}

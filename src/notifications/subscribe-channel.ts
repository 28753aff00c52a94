import { SELF_RELATION } from "../companions/relations.js";
import type { Logger } from "../infra/logger.js";
import type { RedisClient } from "../infra/redis-client.js";
import type { UserDocument } from "../users/user.model.js";
import type { UsersService } from "../users/users.service.js";
import type { WeChatApi } from "../wechat/api-client.js";
import { type AlertChannel, AlertChannelQueue, AlertChannelSender, recipientsOf, type Send } from "./alert-channel.js";
import type { NotificationDocument } from "./notification.model.js";

/** The mini-program page a subscribe message opens: the inbox (a path listed in miniprogram/app.json). */
export const ALERTS_PAGE = "pages/alerts/index";

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
  redis: RedisClient,
  logger: Logger,
  users: UsersService,
  api: WeChatApi,
  templateId: string,
  claimIdleMs?: number,
  /** True while the fan-out is filling inboxes; the sender waits behind it (AlertChannelSender). */
  inboxBusy?: () => boolean,
) {
  const sender = new AlertChannelSender(
    redis,
    logger,
    subscribeMessages,
    async (alerts) => {
      const recipients = new Map(
        (await users.byIdsForMessaging(recipientsOf(alerts))).map((user) => [String(user._id), user]),
      );
      const sends = new Map<string, Send | null>();
      const usedUp = new Map<string, number>();
      for (const alert of alerts) {
        const user = recipients.get(String(alert.recipientUserId));
        const used = user ? (usedUp.get(String(user._id)) ?? 0) : 0;
        const allowed = fromWeChat(user) && (user.alertSubscriptions ?? 0) > used;
        if (allowed) usedUp.set(String(user._id), used + 1);
        sends.set(
          String(alert._id),
          allowed
            ? async () => {
                await api.sendSubscribeMessage(messageFor(alert, user, templateId));
              }
            : null,
        );
      }
      // Each agreement in WeChat allows one message: the batch's messages use them up.
      await users.useUpAlertSubscriptions(usedUp);
      return sends;
    },
    claimIdleMs,
    inboxBusy,
  );
  return { queue: new AlertChannelQueue(redis, subscribeMessages), sender };
}

function messageFor(alert: NotificationDocument, user: UserDocument, templateId: string) {
  return {
    openid: user.openid,
    templateId,
    page: `${ALERTS_PAGE}?id=${String(alert._id)}`,
    data: {
      thing1: { value: alert.riskLevel === "high" ? "高风险时空交集提醒" : "中风险时空交集提醒" },
      thing2: {
        value: alert.aboutRelation === SELF_RELATION ? SELF_RELATION : `随行人员 ${alert.aboutName}`.slice(0, 20),
      },
      thing3: { value: "请打开小程序查看详情并按要求处理" },
    },
  };
}

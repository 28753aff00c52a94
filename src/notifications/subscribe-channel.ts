import type { Redis } from "ioredis";
import mongoose from "mongoose";
import type { AlertChannelQueue } from "../exposures/fanout.js";
import type { Logger } from "../infra/logger.js";
import { field, StreamConsumer, type StreamEntry } from "../infra/stream-consumer.js";
import { User, type UserDocument } from "../users/user.model.js";
import { type WeChatApi, WeChatSendError } from "../wechat/api-client.js";
import { Notification, type NotificationDocument } from "./notification.model.js";

export const SUBSCRIBE_STREAM = "alerts:subscribe";
const ATTEMPTS = 3;
const FIRST_BACKOFF_MS = 200;

/**
 * Sends alerts as WeChat subscribe messages to residents who agreed to receive them, through its
 * own queue. A refused or unanswered send is retried with growing pauses, then recorded as failed;
 * the alert stays in the inbox either way.
 */
export class SubscribeMessageChannel implements AlertChannelQueue {
  private readonly consumer: StreamConsumer;

  constructor(
    private readonly redis: Redis,
    logger: Logger,
    private readonly api: WeChatApi,
    private readonly templateId: string,
    claimIdleMs = 30_000,
  ) {
    this.consumer = new StreamConsumer({
      redis,
      logger,
      stream: SUBSCRIBE_STREAM,
      group: "senders",
      claimIdleMs,
      handle: (entries) => this.sendAll(entries),
    });
  }

  async enqueue(alerts: NotificationDocument[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const alert of alerts)
      if (!alert.subscribeStatus) pipeline.xadd(SUBSCRIBE_STREAM, "*", "alert", String(alert._id));
    await pipeline.exec();
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  private async sendAll(entries: StreamEntry[]): Promise<void> {
    await Promise.all(entries.map(([, fields]) => this.send(field(fields, "alert") ?? "")));
  }

  private async send(alertId: string): Promise<void> {
    if (!mongoose.isValidObjectId(alertId)) return;
    const alert = await Notification.findById(alertId).lean<NotificationDocument>();
    if (!alert || alert.subscribeStatus) return;
    const user = await User.findById(alert.recipientUserId, { openid: 1 }).lean<UserDocument>();
    const fromWeChat = user && !user.openid.startsWith("dev:") && !user.openid.startsWith("chat:");
    // Each agreement in WeChat allows one message: use one up, or skip when there is none.
    const allowed = fromWeChat
      ? (
          await User.updateOne(
            { _id: alert.recipientUserId, alertSubscriptions: { $gt: 0 } },
            { $inc: { alertSubscriptions: -1 } },
          )
        ).modifiedCount === 1
      : false;
    if (!user || !allowed) return this.mark(alertId, "skipped");
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        await this.api.sendSubscribeMessage({
          openid: user.openid,
          templateId: this.templateId,
          page: `pages/alerts/alerts?id=${alertId}`,
          data: {
            thing1: { value: alert.riskLevel === "high" ? "高风险时空交集提醒" : "中风险时空交集提醒" },
            thing2: { value: alert.aboutRelation === "本人" ? "本人" : `随行人员 ${alert.aboutName}`.slice(0, 20) },
            thing3: { value: "请打开小程序查看详情并按要求处理" },
          },
        });
        return this.mark(alertId, "sent");
      } catch (error) {
        if (!(error instanceof WeChatSendError) || !error.retryable) break;
        await new Promise((resolve) => setTimeout(resolve, FIRST_BACKOFF_MS * 4 ** attempt));
      }
    }
    return this.mark(alertId, "failed");
  }

  private async mark(alertId: string, status: "sent" | "failed" | "skipped"): Promise<void> {
    await Notification.updateOne({ _id: alertId }, { $set: { subscribeStatus: status } });
  }
}

import mongoose from "mongoose";
import type { Logger } from "../infra/logger.js";
import type { RedisClient } from "../infra/redis-client.js";
import { field, StreamConsumer, type StreamEntry } from "../infra/stream-consumer.js";
import { Notification, type NotificationDocument } from "./notification.model.js";

/** Where a channel records what became of each alert (absent: not tried yet). */
export type ChannelStatusField = "subscribeStatus" | "botStatus";
export type ChannelOutcome = "sent" | "failed" | "skipped";

/** A delivery channel beyond the inbox: its own Redis stream, and the alerts it can reach. */
export interface AlertChannel {
  readonly stream: string;
  readonly statusField: ChannelStatusField;
  /** The alerts worth queueing (e.g. only residents with a bound contact). */
  reachable(alerts: NotificationDocument[]): Promise<NotificationDocument[]>;
}

/** The fan-out's side of a channel: it queues alerts, whoever sends them (possibly another process). */
export class AlertChannelQueue {
  constructor(
    private readonly redis: RedisClient,
    private readonly channel: AlertChannel,
  ) {}

  async enqueue(alerts: NotificationDocument[]): Promise<void> {
    const { stream, statusField } = this.channel;
    const pending = await this.channel.reachable(alerts.filter((alert) => !alert[statusField]));
    if (pending.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const alert of pending) pipeline.xadd(stream, "*", "alert", String(alert._id));
    await pipeline.exec();
  }
}

/** The accounts whose inboxes hold these alerts. */
export function recipientsOf(alerts: NotificationDocument[]): mongoose.Types.ObjectId[] {
  return alerts.flatMap((alert) => (alert.recipientUserId ? [alert.recipientUserId] : []));
}

/** One send of one alert; it throws to fail, with `retryable` when trying again may help. */
export type Send = () => Promise<void>;

/**
 * How a channel sends a batch: everything the sends need is read once for the batch, then each
 * alert gets a send, or null when it is to be skipped (the resident cannot be reached this way).
 */
export type SendPlanner = (alerts: NotificationDocument[]) => Promise<Map<string, Send | null>>;

const ATTEMPTS = 3;
const FIRST_BACKOFF_MS = 200;
/** While the inbox is busy, a sender waits this long between looks, and at most MAX_YIELD_MS a batch. */
const YIELD_STEP_MS = 50;
const MAX_YIELD_MS = 2000;

function isRetryable(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { retryable?: unknown }).retryable === true;
}

/**
 * Consumes a channel's queue. Sends of a batch run together; a refused or unanswered send is
 * retried with growing pauses, then recorded as failed. The alert stays in the inbox either way.
 * An alert already given an outcome (a retried batch after a crash) is not sent again.
 */
export class AlertChannelSender {
  private readonly consumer: StreamConsumer;

  constructor(
    redis: RedisClient,
    private readonly logger: Logger,
    private readonly channel: AlertChannel,
    private readonly plan: SendPlanner,
    claimIdleMs = 30_000,
    /**
     * True while the inbox is being filled (the fan-out has work): the sender then waits before each
     * batch, up to MAX_YIELD_MS, so that it drains behind the inbox at its own pace instead of taking
     * the event loop and the database from it; it never stops, so messages still flow meanwhile.
     */
    private readonly yieldWhile: () => boolean = () => false,
  ) {
    this.consumer = new StreamConsumer({
      redis,
      logger,
      stream: channel.stream,
      group: "senders",
      claimIdleMs,
      handle: (entries) => this.sendBatch(entries),
    });
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  private async sendBatch(entries: StreamEntry[]): Promise<void> {
    for (let waited = 0; waited < MAX_YIELD_MS && this.yieldWhile(); waited += YIELD_STEP_MS)
      await new Promise((resolve) => setTimeout(resolve, YIELD_STEP_MS));
    const { statusField } = this.channel;
    const ids = entries.map(([, fields]) => field(fields, "alert") ?? "").filter((id) => mongoose.isValidObjectId(id));
    const alerts = await Notification.find({
      _id: { $in: ids.map((id) => new mongoose.Types.ObjectId(id)) },
      [statusField]: { $exists: false },
    }).lean<NotificationDocument[]>();
    if (alerts.length === 0) return;
    const sends = await this.plan(alerts);
    const outcomes = await Promise.all(
      alerts.map(async (alert) => {
        const send = sends.get(String(alert._id));
        return [alert._id, send ? await this.attempt(send) : "skipped"] as const;
      }),
    );
    await Notification.bulkWrite(
      outcomes.map(([_id, outcome]) => ({
        updateOne: { filter: { _id }, update: { $set: { [statusField]: outcome } } },
      })),
      { ordered: false },
    );
  }

  private async attempt(send: Send): Promise<ChannelOutcome> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        await send();
        return "sent";
      } catch (error) {
        if (!isRetryable(error)) {
          this.logger.warn({ err: error, stream: this.channel.stream }, "an alert could not be sent");
          return "failed";
        }
        if (attempt < ATTEMPTS - 1)
          await new Promise((resolve) => setTimeout(resolve, FIRST_BACKOFF_MS * 4 ** attempt));
      }
    }
    this.logger.warn({ stream: this.channel.stream }, "an alert could not be sent after retries");
    return "failed";
  }
}

import mongoose from "mongoose";
import { NotFoundError } from "../errors.js";
import { batchedLookup } from "../infra/batcher.js";
import { leanFind } from "../infra/lean-commands.js";
import { duplicatesOf, isDuplicateKey } from "../infra/mongo-errors.js";
import { clearanceText, correctionText } from "./alert-text.js";
import { Notification, type NotificationDocument } from "./notification.model.js";

/** An alert for one recipient (null: nobody could be told) about one person, as the fan-out makes it. */
export interface AlertToDeliver {
  exposureId: mongoose.Types.ObjectId;
  personHash: string;
  recipientUserId: mongoose.Types.ObjectId | null;
  aboutName: string;
  aboutRelation: string;
  riskLevel: string;
  text: string;
  expiresAt: Date;
}

/** An alert turns a pass yellow for this long, unless an official clears it first. */
export const ALERT_DAYS = 14;

/** What a recount of an event's delivery adds up. */
type DeliveryCount = "people" | "inbox" | "subscribeSent" | "subscribeFailed" | "botSent" | "botFailed";

/** The in-app inbox: alerts, corrections and clearances, and which people have an alert still open. */
export class NotificationsService {
  /** Every scan asks this for its people: concurrent scans share a query. */
  private readonly openAlertsOf = batchedLookup(
    (personHashes) =>
      leanFind<{ personHash: string }>(
        Notification,
        {
          personHash: { $in: personHashes },
          kind: "alert",
          createdAt: { $gte: new Date(Date.now() - ALERT_DAYS * 86_400_000) },
          clearedAt: null,
        },
        { personHash: 1 },
      ),
    (alert) => alert.personHash,
  );

  /** The people (keyed hashes) among these who have an alert from the last ALERT_DAYS not cleared. */
  async alerted(personHashes: string[]): Promise<Set<string>> {
    return new Set((await this.openAlertsOf(personHashes)).map((alert) => alert.personHash));
  }

  async listFor(recipientUserId: string, limit: number) {
    const items = await Notification.find({ recipientUserId })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<NotificationDocument[]>();
    return items.map((n) => ({
      id: String(n._id),
      exposureId: String(n.exposureId),
      kind: n.kind,
      about: { name: n.aboutName, relation: n.aboutRelation },
      riskLevel: n.riskLevel,
      text: n.text,
      acknowledged: Boolean(n.acknowledgedAt),
      cleared: n.kind === "alert" && Boolean(n.clearedAt),
      createdAt: n.createdAt.toISOString(),
    }));
  }

  async acknowledge(recipientUserId: string, notificationId: string): Promise<void> {
    const updated = mongoose.isValidObjectId(notificationId)
      ? await Notification.findOneAndUpdate(
          { _id: notificationId, recipientUserId },
          { $set: { acknowledgedAt: new Date() } },
        )
      : null;
    if (!updated) {
      throw new NotFoundError(
        `No notification ${notificationId} of yours`,
        "没有找到这条提醒。",
        "NOTIFICATION_NOT_FOUND",
      );
    }
  }

  /**
   * Writes a batch of alerts to inboxes, once each: one unordered insert, in which the unique index
   * on (event, person, recipient, kind) refuses an alert already there, so a retried job changes
   * nothing. Returns the alerts as stored that have a recipient, for the delivery channels to queue:
   * the ones just written as they are, and the ones a retried job found, read back (a channel must
   * see what it already did with them); and apart, the inbox alerts this call wrote (`fresh`), which
   * progress counts as it goes.
   */
  async deliver(alerts: AlertToDeliver[]): Promise<{ queued: NotificationDocument[]; fresh: NotificationDocument[] }> {
    if (alerts.length === 0) return { queued: [], fresh: [] };
    const now = new Date();
    const documents = alerts.map(
      (alert) =>
        ({
          _id: new mongoose.Types.ObjectId(),
          ...alert,
          kind: "alert",
          createdAt: now,
          updatedAt: now,
        }) as NotificationDocument,
    );
    let refused = new Set<number>();
    await Notification.collection.insertMany(documents, { ordered: false }).catch((error: unknown) => {
      refused = duplicatesOf(error);
    });
    const inInbox = (n: NotificationDocument) => n.recipientUserId !== null && n.recipientUserId !== undefined;
    const fresh = documents.filter((n, i) => !refused.has(i) && inInbox(n));
    const again = documents.filter((n, i) => refused.has(i) && inInbox(n));
    if (again.length === 0) return { queued: fresh, fresh };
    // Read back through the recipient index (one $or per alert would scan the event's every alert).
    const key = (n: { exposureId: unknown; personHash: string; recipientUserId?: unknown }) =>
      `${String(n.exposureId)}|${n.personHash}|${String(n.recipientUserId)}`;
    const wanted = new Set(again.map(key));
    const earlier = (await Notification.collection
      .find({
        exposureId: { $in: [...new Set(again.map((n) => n.exposureId))] },
        kind: "alert",
        recipientUserId: { $in: [...new Set(again.map((n) => n.recipientUserId))] },
      })
      .toArray()) as unknown as NotificationDocument[];
    return { queued: [...fresh, ...earlier.filter((n) => wanted.has(key(n)))], fresh };
  }

  /**
   * How far an event's delivery got, counted from what was delivered, so a retried job cannot
   * count twice: people reached, inbox entries, and each channel's sends.
   */
  async deliveryCounts(exposureId: mongoose.Types.ObjectId) {
    // One pass over the event's alerts (a recount reads them all; six queries read them six
    // times): per person first, so that no document grows with the number of people.
    const outcome = (field: "subscribeStatus" | "botStatus", value: "sent" | "failed") => ({
      $sum: { $cond: [{ $eq: [`$${field}`, value] }, 1, 0] },
    });
    const [counts] = await Notification.aggregate<Record<DeliveryCount, number>>([
      { $match: { exposureId, kind: "alert", recipientUserId: { $ne: null } } },
      {
        $group: {
          _id: "$personHash",
          inbox: { $sum: 1 },
          subscribeSent: outcome("subscribeStatus", "sent"),
          subscribeFailed: outcome("subscribeStatus", "failed"),
          botSent: outcome("botStatus", "sent"),
          botFailed: outcome("botStatus", "failed"),
        },
      },
      {
        $group: {
          _id: null,
          people: { $sum: 1 },
          ...Object.fromEntries(
            (["inbox", "subscribeSent", "subscribeFailed", "botSent", "botFailed"] as const).map((count) => [
              count,
              { $sum: `$${count}` },
            ]),
          ),
        },
      },
    ]);
    const count = (name: DeliveryCount) => counts?.[name] ?? 0;
    return {
      delivered: count("people"),
      byChannel: {
        inbox: count("inbox"),
        subscribeMessage: { sent: count("subscribeSent"), failed: count("subscribeFailed") },
        bot: { sent: count("botSent"), failed: count("botFailed") },
      },
    };
  }

  /**
   * A withdrawn event: every alert of it still open is cleared (passes turn back) and its recipient
   * gets a correction, written once however often this runs; an alert an official cleared before
   * has had its notice. Returns how many alerts were corrected.
   */
  async withdraw(exposureId: mongoose.Types.ObjectId, reason: string): Promise<number> {
    const open = { exposureId, kind: "alert" as const, clearedAt: null };
    const alerts = await Notification.find({ ...open, recipientUserId: { $ne: null } }).lean<NotificationDocument[]>();
    await Notification.updateMany(open, { $set: { clearedAt: new Date() } });
    await this.tellAboutEnd(alerts, "correction", (alert) => correctionText(alert, reason));
    return alerts.length;
  }

  /**
   * Clears one person's alerts of an event after an official checked on them, and tells whoever
   * received them (their pass turns back; the inbox says why). Returns how many were open.
   */
  async clearPerson(exposureId: mongoose.Types.ObjectId, personHash: string, reason: string): Promise<number> {
    const open = { exposureId, personHash, kind: "alert" as const, clearedAt: null };
    const alerts = await Notification.find({ ...open, recipientUserId: { $ne: null } }).lean<NotificationDocument[]>();
    const cleared = await Notification.updateMany(open, { $set: { clearedAt: new Date() } });
    await this.tellAboutEnd(alerts, "clearance", (alert) => clearanceText(alert, reason));
    return cleared.modifiedCount;
  }

  /** One notice to each alert's recipient that the alert no longer holds, written once however often this runs. */
  private async tellAboutEnd(
    alerts: NotificationDocument[],
    kind: "correction" | "clearance",
    text: (alert: NotificationDocument) => string,
  ): Promise<void> {
    if (alerts.length === 0) return;
    await Notification.bulkWrite(
      alerts.map((alert) => ({
        updateOne: {
          filter: {
            exposureId: alert.exposureId,
            personHash: alert.personHash,
            recipientUserId: alert.recipientUserId,
            kind,
          },
          update: {
            $setOnInsert: {
              expiresAt: alert.expiresAt,
              aboutName: alert.aboutName,
              aboutRelation: alert.aboutRelation,
              riskLevel: alert.riskLevel,
              text: text(alert),
            },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }

  /**
   * After an identity correction, the alerts a resident received about themselves follow them to
   * the corrected number, so an open alert keeps their pass yellow.
   */
  async rekeyPerson(recipientUserId: string, fromHash: string, toHash: string): Promise<void> {
    const alerts = await Notification.find({ recipientUserId, personHash: fromHash }, { _id: 1 }).lean();
    for (const alert of alerts) {
      await Notification.updateOne({ _id: alert._id }, { $set: { personHash: toHash } }).catch(async (error) => {
        // The corrected number already has this very alert: the old copy is redundant.
        if (!isDuplicateKey(error)) throw error;
        await Notification.deleteOne({ _id: alert._id });
      });
    }
  }
}

import mongoose from "mongoose";
import { NotFoundError } from "../errors.js";
import { batchedLookup } from "../infra/batcher.js";
import { isDuplicateKey } from "../infra/mongo-errors.js";
import { Notification, type NotificationDocument } from "./notification.model.js";

/** An alert turns a pass yellow for this long, unless an official clears it first. */
export const ALERT_DAYS = 14;

/** The in-app inbox: alerts and corrections, and which people have an alert still open. */
export class NotificationsService {
  /** Every scan asks this for its people: concurrent scans share a query. */
  private readonly openAlertsOf = batchedLookup(
    (personHashes) =>
      Notification.find(
        {
          personHash: { $in: personHashes },
          kind: "alert",
          createdAt: { $gte: new Date(Date.now() - ALERT_DAYS * 86_400_000) },
          clearedAt: null,
        },
        { personHash: 1 },
      ).lean(),
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

import mongoose, { type InferSchemaType, Schema } from "mongoose";

/**
 * An alert in a resident's in-app inbox. One per (exposure, person, recipient, kind): the unique
 * index is what makes delivery exactly-once even when a crashed worker's job is retried.
 */
const notificationSchema = new Schema(
  {
    exposureId: { type: Schema.Types.ObjectId, required: true },
    /**
     * An alert; the correction sent when its event is withdrawn; or the notice sent when a health
     * official clears the person's alert after checking on them.
     */
    kind: { type: String, enum: ["alert", "correction", "clearance"], default: "alert" },
    personHash: { type: String, required: true },
    /**
     * Whose inbox it is in. Null for a person nobody could be told (a visitor registered by staff,
     * without an account): the alert still marks them, so their next pass is yellow.
     */
    recipientUserId: { type: Schema.Types.ObjectId, default: null },
    /** Whom the alert is about: the recipient themselves, or a companion they registered. */
    aboutName: { type: String, required: true },
    aboutRelation: { type: String, required: true },
    riskLevel: { type: String, required: true },
    text: { type: String, required: true },
    /** What became of the WeChat subscribe message for this alert (absent: not tried yet). */
    subscribeStatus: { type: String, enum: ["sent", "failed", "skipped"] },
    /** What became of the bot's message for this alert (absent: not tried yet, or no bound contact). */
    botStatus: { type: String, enum: ["sent", "failed", "skipped"] },
    acknowledgedAt: { type: Date },
    clearedAt: { type: Date },
    /** Alerts are derived from visits: deleted RETENTION_DAYS after they were written. */
    expiresAt: { type: Date },
  },
  { timestamps: true },
);
notificationSchema.index({ exposureId: 1, personHash: 1, recipientUserId: 1, kind: 1 }, { unique: true });
notificationSchema.index({ recipientUserId: 1, createdAt: -1 });
notificationSchema.index({ personHash: 1, createdAt: -1 });
notificationSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type NotificationDocument = InferSchemaType<typeof notificationSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
};
export const Notification = mongoose.model("Notification", notificationSchema);

import mongoose, { type InferSchemaType, Schema } from "mongoose";

import { PASS_STATUSES, VISIT_ENDS, VISIT_SOURCES } from "./visit-kinds.js";

/**
 * One person at one venue. The interval is [checkInAt, endAt): endAt is the check-in plus the
 * category's dwell time (an estimate, endedBy "dwell") until the person checks out or scans somewhere
 * else (observed: "checkout", "moved"). Check-in is always observed.
 */
const visitSchema = new Schema({
  venueId: { type: Schema.Types.ObjectId, required: true },
  venueName: { type: String, required: true },
  categoryId: { type: String, required: true },
  regionCode: { type: String, required: true },
  personHash: { type: String, required: true },
  personNameMasked: { type: String, required: true },
  personIdCipher: { type: String, required: true },
  /** Visitors registered by staff have no account; their phone is kept (encrypted) to reach them. */
  personPhoneCipher: { type: String },
  source: { type: String, enum: VISIT_SOURCES, required: true },
  /** The resident who scanned (for themselves or a companion), or the staff member who registered. */
  userId: { type: Schema.Types.ObjectId, required: true },
  companionId: { type: Schema.Types.ObjectId },
  relation: { type: String },
  checkInAt: { type: Date, required: true },
  endAt: { type: Date, required: true },
  endedBy: { type: String, enum: VISIT_ENDS, required: true },
  passStatus: { type: String, enum: PASS_STATUSES, required: true },
  passReasons: { type: [String], default: [] },
  healthCodeColour: { type: String },
  healthCodeUpdatedAt: { type: Date },
  /** `<userId>:<requestId>:<n>`: a retried request finds the visits it already made. */
  requestKey: { type: String },
  /** Deleted by MongoDB's TTL monitor once the retention period has passed. */
  expiresAt: { type: Date, required: true },
});
visitSchema.index({ venueId: 1, checkInAt: -1 });
// Statistics and compliance read visits by time, then group by district and category.
visitSchema.index({ checkInAt: -1, regionCode: 1, categoryId: 1 });
visitSchema.index({ personHash: 1, checkInAt: -1 });
visitSchema.index({ userId: 1, checkInAt: -1 });
visitSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
visitSchema.index({ requestKey: 1 }, { unique: true, partialFilterExpression: { requestKey: { $type: "string" } } });

export type VisitDocument = InferSchemaType<typeof visitSchema> & { _id: mongoose.Types.ObjectId };
export const Visit = mongoose.model("Visit", visitSchema);

import mongoose, { Schema } from "mongoose";

/** A person an alert could not reach (no account: registered by staff without a phone). */
const exposureFailureSchema = new Schema({
  exposureId: { type: Schema.Types.ObjectId, required: true },
  personHash: { type: String, required: true },
  reason: { type: String, required: true },
  /** Derived from visits, so deleted with them (RETENTION_DAYS). */
  expiresAt: { type: Date },
});
exposureFailureSchema.index({ exposureId: 1, personHash: 1 }, { unique: true });
exposureFailureSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const ExposureFailure = mongoose.model("ExposureFailure", exposureFailureSchema);

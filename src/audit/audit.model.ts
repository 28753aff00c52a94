import mongoose, { Schema } from "mongoose";

/** Who looked at tracing data, when, what they asked and how many people it touched. */
const auditSchema = new Schema({
  officialId: { type: Schema.Types.ObjectId, required: true },
  username: { type: String, required: true },
  action: { type: String, required: true },
  /** The request, with identity numbers replaced by their masked form. */
  query: { type: Schema.Types.Mixed, required: true },
  peopleTouched: { type: Number, required: true },
  at: { type: Date, required: true, default: () => new Date() },
});
auditSchema.index({ at: -1 });

export const AuditRecord = mongoose.model("AuditRecord", auditSchema);

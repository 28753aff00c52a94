import mongoose, { type InferSchemaType, Schema } from "mongoose";

export const EXPOSURE_STATUSES = ["pending-confirmation", "queued", "sending", "done", "withdrawn"] as const;

const windowSchema = new Schema(
  {
    venueId: { type: Schema.Types.ObjectId, required: true },
    venueName: { type: String, required: true },
    regionCode: { type: String, required: true },
    /** An event of a district-limited official counts only visits made in their district. */
    visitRegionCode: { type: String },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
  },
  { _id: false },
);

/** A place and time a health official flagged; everyone whose visit overlapped it is alerted once. */
const exposureSchema = new Schema(
  {
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdByName: { type: String, required: true },
    confirmedBy: { type: Schema.Types.ObjectId },
    status: { type: String, enum: EXPOSURE_STATUSES, required: true },
    riskLevel: { type: String, enum: ["high", "medium"], required: true },
    message: { type: String, required: true },
    minOverlapMinutes: { type: Number, required: true },
    /** The stay assumed where nobody saw a person leave; unset: each category's. */
    estimatedStayMinutes: { type: Number },
    windows: { type: [windowSchema], required: true },
    /** For an event built from a case: the case's keyed hash, whose own visits are not alerted. */
    caseHash: { type: String },
    total: { type: Number, required: true },
    delivered: { type: Number, default: 0 },
    failed: { type: Number, default: 0 },
    byChannel: { type: Schema.Types.Mixed, default: () => ({}) },
    withdrawnReason: { type: String },
    withdrawnBy: { type: Schema.Types.ObjectId },
    /** Set once every job of the fan-out is on the queue; unset after a crash means "enqueue again". */
    enqueued: { type: Boolean, default: false },
    /** Chosen by the console for one sending: a repeat (a double click, a retry) finds this event instead. */
    idempotencyKey: { type: String },
  },
  { timestamps: true },
);
exposureSchema.index(
  { createdBy: 1, idempotencyKey: 1 },
  { unique: true, partialFilterExpression: { idempotencyKey: { $type: "string" } } },
);

export type ExposureDocument = InferSchemaType<typeof exposureSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
};
export const Exposure = mongoose.model("Exposure", exposureSchema);

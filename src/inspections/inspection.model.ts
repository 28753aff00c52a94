import mongoose, { type InferSchemaType, Schema } from "mongoose";

export const INSPECTION_RESULTS = ["compliant", "not-posted", "not-enforced"] as const;

/** A police visit to a venue to check that its code is posted and scanned at the door. */
const inspectionSchema = new Schema(
  {
    venueId: { type: Schema.Types.ObjectId, required: true },
    venueName: { type: String, required: true },
    regionCode: { type: String, required: true },
    officialId: { type: Schema.Types.ObjectId, required: true },
    officialUsername: { type: String, required: true },
    result: { type: String, enum: INSPECTION_RESULTS, required: true },
    rectifiedOnSite: { type: Boolean, required: true },
    fineYuan: { type: Number },
    note: { type: String, default: "" },
  },
  { timestamps: true },
);
inspectionSchema.index({ venueId: 1, createdAt: -1 });
inspectionSchema.index({ regionCode: 1, createdAt: -1 });

export type InspectionDocument = InferSchemaType<typeof inspectionSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
};
export const Inspection = mongoose.model("Inspection", inspectionSchema);

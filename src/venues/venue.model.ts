import mongoose, { type InferSchemaType, Schema } from "mongoose";

const venueSchema = new Schema(
  {
    name: { type: String, required: true },
    categoryId: { type: String, required: true },
    regionCode: { type: String, required: true },
    /** Fixed venues have an address; buses and taxis a plate number instead. */
    address: { type: String },
    plateNumber: { type: String },
    contactPhoneCipher: { type: String, required: true },
    contactPhoneMasked: { type: String, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    staffIds: { type: [Schema.Types.ObjectId], default: [] },
    /** The code printed on the venue's poster now; earlier ones are kept to answer "revoked". */
    code: { type: String, required: true, unique: true },
    revokedCodes: { type: [String], default: [] },
    status: { type: String, enum: ["active"], default: "active" },
    /** Normalised name and address (or plate), so the same owner cannot register a venue twice. */
    dedupKey: { type: String, required: true },
  },
  { timestamps: true },
);
venueSchema.index({ ownerId: 1, dedupKey: 1 }, { unique: true });
venueSchema.index({ dedupKey: 1 });
venueSchema.index({ staffIds: 1 });
venueSchema.index({ revokedCodes: 1 });
venueSchema.index({ regionCode: 1, categoryId: 1 });

export type VenueDocument = InferSchemaType<typeof venueSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export const Venue = mongoose.model("Venue", venueSchema);

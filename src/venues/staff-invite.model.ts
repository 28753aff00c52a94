import mongoose, { type InferSchemaType, Schema } from "mongoose";

/**
 * An owner's invitation to work at a venue: whoever accepts it (a real-name resident, by opening
 * its link in the mini-program) becomes staff. Used once; deleted by MongoDB when it expires.
 */
const staffInviteSchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    venueId: { type: Schema.Types.ObjectId, required: true },
    invitedBy: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: true },
);
staffInviteSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
staffInviteSchema.index({ venueId: 1 });

export type StaffInviteDocument = InferSchemaType<typeof staffInviteSchema> & { _id: mongoose.Types.ObjectId };
export const StaffInvite = mongoose.model("StaffInvite", staffInviteSchema);

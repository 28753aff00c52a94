import mongoose, { type InferSchemaType, Schema } from "mongoose";
import { protectedPersonFields } from "../identity/person-fields.js";

export const CLAIM_STATUSES = ["pending", "granted", "rejected"] as const;

/**
 * A resident's claim that an identity number verified on another account is theirs. Nothing
 * changes until an official decides: then the identity moves to the claimant, or stays.
 */
const identityClaimSchema = new Schema(
  {
    claimantUserId: { type: Schema.Types.ObjectId, required: true },
    /** The account that held the identity when the claim was filed. */
    holderUserId: { type: Schema.Types.ObjectId, required: true },
    ...protectedPersonFields,
    /** What the claimant says, for the official (e.g. "someone registered my ID"). */
    note: { type: String, required: true },
    status: { type: String, enum: CLAIM_STATUSES, required: true, default: "pending" },
    resolvedBy: { type: Schema.Types.ObjectId },
    resolvedAt: { type: Date },
    reason: { type: String },
  },
  { timestamps: true },
);
// One open claim per claimant at a time.
identityClaimSchema.index({ claimantUserId: 1 }, { unique: true, partialFilterExpression: { status: "pending" } });
identityClaimSchema.index({ status: 1, createdAt: -1 });

export type IdentityClaimDocument = InferSchemaType<typeof identityClaimSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
};
export const IdentityClaim = mongoose.model("IdentityClaim", identityClaimSchema);

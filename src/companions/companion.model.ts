import mongoose, { type InferSchemaType, Schema } from "mongoose";
import { protectedPersonFields } from "../identity/person-fields.js";
import { COMPANION_RELATIONS } from "./relations.js";

/**
 * Whether the person agreed to be checked in by this resident: needed when the identity number
 * belongs to someone with a verified account of their own, who confirms it there.
 */
export const CONSENT_STATES = ["not-needed", "pending", "given", "declined"] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** People without a phone whom a resident checks in with them (添加随行人员). */
const companionSchema = new Schema(
  {
    ownerUserId: { type: Schema.Types.ObjectId, required: true },
    ...protectedPersonFields,
    relation: { type: String, enum: COMPANION_RELATIONS, required: true },
    consent: { type: String, enum: CONSENT_STATES, required: true, default: "not-needed" },
    /** The person's own verified account, when they have one: it is asked for consent. */
    holderUserId: { type: Schema.Types.ObjectId },
  },
  { timestamps: true },
);
companionSchema.index({ ownerUserId: 1, idHash: 1 }, { unique: true });
companionSchema.index({ idHash: 1 });
companionSchema.index({ holderUserId: 1, consent: 1 });

export type CompanionDocument = InferSchemaType<typeof companionSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
};
export const Companion = mongoose.model("Companion", companionSchema);

import mongoose, { type InferSchemaType, Schema } from "mongoose";
import { OFFICIAL_ROLES } from "../auth/principal.js";

const officialSchema = new Schema(
  {
    username: { type: String, required: true, unique: true },
    passwordHash: { type: String, required: true },
    role: { type: String, enum: OFFICIAL_ROLES, required: true },
    /** When set, the official sees and acts on this district only. */
    regionCode: { type: String },
    createdBy: { type: Schema.Types.ObjectId },
  },
  { timestamps: true },
);

export type OfficialDocument = InferSchemaType<typeof officialSchema> & { _id: mongoose.Types.ObjectId };
export const Official = mongoose.model("Official", officialSchema);

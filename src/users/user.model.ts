import mongoose, { type InferSchemaType, Schema } from "mongoose";
import { protectedPersonFields } from "../identity/person-fields.js";

const userSchema = new Schema(
  {
    /** WeChat openid, or `dev:<name>` for development sign-in. */
    openid: { type: String, required: true, unique: true },
    nickname: { type: String, required: true },
    /** Alert subscribe messages the resident agreed to receive (each acceptance in WeChat allows one). */
    alertSubscriptions: { type: Number, default: 0 },
    identity: {
      type: new Schema({ ...protectedPersonFields, verifiedAt: { type: Date, required: true } }, { _id: false }),
    },
  },
  { timestamps: true },
);
// One real-name identity belongs to one account.
userSchema.index(
  { "identity.idHash": 1 },
  { unique: true, partialFilterExpression: { "identity.idHash": { $exists: true } } },
);

export type UserDocument = InferSchemaType<typeof userSchema> & { _id: mongoose.Types.ObjectId };
export const User = mongoose.model("User", userSchema);

import mongoose, { Schema } from "mongoose";

/** A chat contact (a WeChat contact of the bot) linked to a resident's account, so alerts reach them. */
const chatBindingSchema = new Schema(
  {
    channel: { type: String, enum: ["wechat"], required: true },
    contactId: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
);
chatBindingSchema.index({ channel: 1, contactId: 1 }, { unique: true });
chatBindingSchema.index({ userId: 1 });

export const ChatBinding = mongoose.model("ChatBinding", chatBindingSchema);

import mongoose, { Schema } from "mongoose";

/** A question the bot could not answer, handed to a person (转人工). */
const ticketSchema = new Schema(
  {
    question: { type: String, required: true },
    channel: { type: String, required: true },
    contactId: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId },
    status: { type: String, enum: ["open", "closed"], default: "open" },
    /** An official's answer; the bot passes it on the next time the person writes. */
    reply: {
      type: new Schema({ text: String, by: String, at: Date }, { _id: false }),
      required: false,
    },
    replyDeliveredAt: { type: Date },
  },
  { timestamps: true },
);
ticketSchema.index({ status: 1, createdAt: -1 });
ticketSchema.index({ channel: 1, contactId: 1, status: 1 });

export const Ticket = mongoose.model("Ticket", ticketSchema);

import mongoose, { Schema } from "mongoose";

/** A question the bot could not answer, handed to a person (转人工). */
const ticketSchema = new Schema(
  {
    question: { type: String, required: true },
    channel: { type: String, required: true },
    contactId: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId },
    status: { type: String, enum: ["open", "closed"], default: "open" },
  },
  { timestamps: true },
);
ticketSchema.index({ status: 1, createdAt: -1 });

export const Ticket = mongoose.model("Ticket", ticketSchema);

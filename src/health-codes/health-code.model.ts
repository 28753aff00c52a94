import mongoose, { Schema } from "mongoose";
import { HEALTH_CODE_COLOURS } from "./colours.js";

/** Colours set by health officials for the built-in provider; a person without one is green. */
const healthCodeSchema = new Schema({
  idHash: { type: String, required: true, unique: true },
  colour: { type: String, enum: HEALTH_CODE_COLOURS, required: true },
  updatedAt: { type: Date, required: true },
  setBy: { type: Schema.Types.ObjectId, required: true },
});

export const HealthCode = mongoose.model("HealthCode", healthCodeSchema);

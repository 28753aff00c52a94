import mongoose, { Schema } from "mongoose";

export const HEALTH_CODE_COLOURS = ["green", "yellow", "red"] as const;
export type HealthCodeColour = (typeof HEALTH_CODE_COLOURS)[number];

/** How serious a colour is: a pass, like a health code, is as bad as its worst input. */
export const COLOUR_SEVERITY: Record<HealthCodeColour, number> = { green: 0, yellow: 1, red: 2 };

/** Colours set by health officials for the built-in provider; a person without one is green. */
const healthCodeSchema = new Schema({
  idHash: { type: String, required: true, unique: true },
  colour: { type: String, enum: HEALTH_CODE_COLOURS, required: true },
  updatedAt: { type: Date, required: true },
  setBy: { type: Schema.Types.ObjectId, required: true },
});

export const HealthCode = mongoose.model("HealthCode", healthCodeSchema);

import { HEALTH_CODE_COLOURS } from "../health-codes/colours.js";

/** How a visit was recorded: the person's own scan, as a resident's companion, or by staff at the door. */
export const VISIT_SOURCES = ["scan", "companion", "manual"] as const;
export type VisitSource = (typeof VISIT_SOURCES)[number];

/** A pass has the colours of a health code, and is as bad as its worst input. */
export const PASS_STATUSES = HEALTH_CODE_COLOURS;
export type PassStatus = (typeof PASS_STATUSES)[number];

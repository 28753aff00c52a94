import { HEALTH_CODE_COLOURS } from "../health-codes/colours.js";

/** How a visit was recorded: the person's own scan, as a resident's companion, or by staff at the door. */
export const VISIT_SOURCES = ["scan", "companion", "manual"] as const;
export type VisitSource = (typeof VISIT_SOURCES)[number];

/** A pass has the colours of a health code, and is as bad as its worst input. */
export const PASS_STATUSES = HEALTH_CODE_COLOURS;
export type PassStatus = (typeof PASS_STATUSES)[number];

/**
 * How a visit's end is known. Check-in is always observed (the scan). The end is observed when the
 * person checked out or scanned somewhere else ("moved"); "dwell" means nobody saw them leave and the
 * end is the category's assumed stay: an estimate (预计), never to be stated as fact.
 */
export const VISIT_ENDS = ["dwell", "checkout", "moved"] as const;
export type VisitEnd = (typeof VISIT_ENDS)[number];

/** Whether a visit's end is an estimate (nobody saw the person leave). */
export function isEndEstimated(visit: { endedBy: string }): boolean {
  return visit.endedBy === "dwell";
}

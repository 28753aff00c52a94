import type { VisitDocument } from "./visit.model.js";

/** A visit as the resident who made it sees it: where, who (masked), and its interval. */
export function visitView(visit: VisitDocument) {
  return {
    id: String(visit._id),
    venue: { id: String(visit.venueId), name: visit.venueName },
    person: { name: visit.personNameMasked, relation: visit.relation ?? null },
    source: visit.source,
    checkInAt: visit.checkInAt.toISOString(),
    endAt: visit.endAt.toISOString(),
    endedBy: visit.endedBy,
  };
}

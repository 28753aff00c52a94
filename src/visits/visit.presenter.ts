import { z } from "zod";
import { SELF_RELATION } from "../companions/relations.js";
import { named } from "../http/named.js";
import { id, isoTime } from "../http/schemas.js";
import type { VisitDocument } from "./visit.model.js";
import { isEndEstimated, VISIT_ENDS, VISIT_SOURCES } from "./visit-kinds.js";

export const visitSchema = named(
  "Visit",
  z.strictObject({
    id,
    venue: z.strictObject({ id, name: z.string() }),
    person: z.strictObject({
      name: z.string().describe("masked"),
      relation: z.string().nullable().describe(`${SELF_RELATION} for the scanner, or the companion's relation`),
    }),
    source: z
      .enum(VISIT_SOURCES)
      .describe("scan: the person's own; companion: checked in with a resident; manual: by staff"),
    checkInAt: isoTime.describe("observed: the scan"),
    endAt: isoTime.describe("observed or estimated, as endEstimated says"),
    endedBy: z
      .enum(VISIT_ENDS)
      .describe("checkout: the person checked out; moved: they scanned elsewhere; dwell: nobody saw them leave"),
    endEstimated: z
      .boolean()
      .describe("true: endAt is the category's assumed stay, to be shown as an estimate (预计); false: observed"),
  }),
);
export type VisitView = z.infer<typeof visitSchema>;

/** A visit as the resident who made it sees it: where, who (masked), and its interval. */
export function visitView(visit: VisitDocument): VisitView {
  return {
    id: String(visit._id),
    venue: { id: String(visit.venueId), name: visit.venueName },
    person: { name: visit.personNameMasked, relation: visit.relation ?? null },
    source: visit.source,
    checkInAt: visit.checkInAt.toISOString(),
    endAt: visit.endAt.toISOString(),
    endedBy: visit.endedBy as VisitView["endedBy"],
    endEstimated: isEndEstimated(visit),
  };
}

import type mongoose from "mongoose";
import { SELF_RELATION, Visit, type VisitDocument } from "../visits/visit.model.js";

export interface ExposureWindow {
  venueId: mongoose.Types.ObjectId;
  venueName: string;
  regionCode: string;
  /**
   * Set for an event of a district-limited official: only visits made in that district count (a
   * venue that changed district keeps its earlier visits in the district they were made in).
   */
  visitRegionCode?: string | null | undefined;
  start: Date;
  end: Date;
}

export interface OverlappingVisit {
  visitId: string;
  venueId: string;
  venueName: string;
  checkInAt: Date;
  endAt: Date;
  overlapMinutes: number;
  source: string;
  userId: string;
  relation: string;
  personNameMasked: string;
}

/** No visit lasts longer than this (the longest default dwell is 12 h): bounds the index range. */
const LONGEST_VISIT_MS = 24 * 60 * 60 * 1000;

/**
 * Visits whose interval [check-in, end) overlaps a window by at least `minOverlapMinutes`, grouped
 * by person (keyed hash). Each window is one indexed range on (venueId, checkInAt); visits stream
 * through a cursor, so nothing loads a whole collection.
 */
export async function findOverlappingVisits(
  windows: ExposureWindow[],
  minOverlapMinutes: number,
  excludePersonHash?: string,
): Promise<Map<string, OverlappingVisit[]>> {
  const people = new Map<string, OverlappingVisit[]>();
  for (const window of windows) {
    const cursor = Visit.find({
      venueId: window.venueId,
      ...(window.visitRegionCode ? { regionCode: window.visitRegionCode } : {}),
      checkInAt: { $lt: window.end, $gt: new Date(window.start.getTime() - LONGEST_VISIT_MS) },
      endAt: { $gt: window.start },
    })
      .lean<VisitDocument[]>()
      .cursor();
    for await (const visit of cursor as AsyncIterable<VisitDocument>) {
      if (visit.personHash === excludePersonHash) continue;
      const overlapMs =
        Math.min(visit.endAt.getTime(), window.end.getTime()) -
        Math.max(visit.checkInAt.getTime(), window.start.getTime());
      if (overlapMs < minOverlapMinutes * 60_000) continue;
      const list = people.get(visit.personHash) ?? [];
      list.push({
        visitId: String(visit._id),
        venueId: String(visit.venueId),
        venueName: visit.venueName,
        checkInAt: visit.checkInAt,
        endAt: visit.endAt,
        overlapMinutes: Math.round(overlapMs / 60_000),
        source: visit.source,
        userId: String(visit.userId),
        relation: visit.relation ?? SELF_RELATION,
        personNameMasked: visit.personNameMasked,
      });
      people.set(visit.personHash, list);
    }
  }
  return people;
}

/** A case's own visits in a period, each widened by `bufferMinutes` on both sides, as windows. */
export async function windowsFromCase(
  personHash: string,
  from: Date,
  to: Date,
  bufferMinutes: number,
): Promise<ExposureWindow[]> {
  const visits = await Visit.find({ personHash, checkInAt: { $gte: from, $lt: to } })
    .sort({ checkInAt: 1 })
    .lean<VisitDocument[]>();
  const buffer = bufferMinutes * 60_000;
  return visits.map((visit) => ({
    venueId: visit.venueId,
    venueName: visit.venueName,
    regionCode: visit.regionCode,
    start: new Date(visit.checkInAt.getTime() - buffer),
    end: new Date(Math.min(visit.endAt.getTime() + buffer, Date.now())),
  }));
}

// Built once: toLocale*String builds a formatter per call, which showed in the fan-out's profile.
const clock = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});
const calendarDay = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", month: "long", day: "numeric" });

/** 3月16日 14:10–14:52 in China time, as alerts and officials read it. */
export function clockRange(start: Date, end: Date): string {
  return `${calendarDay.format(start)} ${clock.format(start)}–${clock.format(end)}`;
}

import mongoose from "mongoose";
import { SELF_RELATION } from "../companions/relations.js";
import { NotFoundError } from "../errors.js";
import type { ProtectedPerson } from "../identity/person.js";
import { Batcher, batchedLookup } from "../infra/batcher.js";
import { CHINA_UTC_OFFSET } from "../infra/china-time.js";
import { leanFind, leanInsert, leanUpdate } from "../infra/lean-commands.js";
import { Visit, type VisitDocument } from "./visit.model.js";
import { visitView } from "./visit.presenter.js";
import { isEndEstimated, type PassStatus } from "./visit-kinds.js";

/** The visits one check-in writes: where and when, so the people's open visits elsewhere can end. */
export interface VisitWrite {
  fresh: VisitDocument[];
  venueId: string;
  now: Date;
}

/** A place and time to match visits against (an exposure event's window). */
export interface VisitWindow {
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

/** A visit that overlapped a window, as the fan-out and the officials' preview need it. */
export interface OverlappingVisit {
  visitId: string;
  venueId: string;
  venueName: string;
  checkInAt: Date;
  /** Observed (check-out, a scan elsewhere), or the estimate the match used when `endEstimated`. */
  endAt: Date;
  endEstimated: boolean;
  overlapMinutes: number;
  /**
   * observed: the person was seen there within the window (checked in during it, or both ends of
   * their visit observed); estimated: only an estimated stay from a check-in before it reaches in.
   */
  presence: "observed" | "estimated";
  source: string;
  userId: string;
  relation: string;
  personNameMasked: string;
}

/** What matching reads of a visit: not its cipher, pass or expiry (less to encode and decode). */
const OVERLAP_FIELDS = {
  personHash: 1,
  venueId: 1,
  venueName: 1,
  checkInAt: 1,
  endAt: 1,
  endedBy: 1,
  source: 1,
  userId: 1,
  relation: 1,
  personNameMasked: 1,
} as const;

/** No visit lasts longer than this (the longest default dwell is 12 h): bounds the index range. */
const LONGEST_VISIT_MS = 24 * 60 * 60 * 1000;

/** How visits are matched against windows. */
export interface MatchOptions {
  minOverlapMinutes: number;
  /** A case's own visits are not matched against themselves. */
  excludePersonHash?: string | undefined;
  /**
   * The stay assumed where nobody saw the person leave, in place of the category's: an official
   * widens or narrows an event with it. An observed end (check-out, a scan elsewhere) is kept.
   */
  estimatedStayMinutes?: number | null | undefined;
}

type Scope = { regionCode?: string; categoryId?: string };
type Range = { start: Date; end: Date };

/**
 * The visits collection's one owner: check-ins are written here (in batches shared by concurrent
 * scans), and everything that reads visits — the resident's list, the door screen, tracing,
 * statistics — asks here.
 */
export class VisitsService {
  /**
   * Visits already recorded for request keys: a retried request gets what the first one made. The
   * scan path's reads and writes go through the driver: no mongoose documents or casting.
   */
  readonly recordedFor = batchedLookup(
    (requestKeys) => leanFind<VisitDocument>(Visit, { requestKey: { $in: requestKeys } }),
    (visit) => visit.requestKey ?? "",
  );
  /** Concurrent check-ins share their writes: one insert and one update a batch. */
  private readonly writes = new Batcher<VisitWrite, { duplicate: boolean }>((batch) => writeVisits(batch));

  /** Records one check-in's visits; `duplicate` when its request key was already used. */
  record(write: VisitWrite): Promise<{ duplicate: boolean }> {
    return this.writes.submit(write);
  }

  /**
   * A person scanned again into a visit still open, and their pass is not what the door saw at
   * check-in (they turned red or yellow meanwhile, or back): the door list shows what it is now.
   * Returns whether the visit changed.
   */
  async restampPass(
    visitId: mongoose.Types.ObjectId,
    pass: { status: PassStatus; reasons: string[] },
  ): Promise<boolean> {
    const changed = await Visit.updateOne(
      { _id: visitId, passStatus: { $ne: pass.status } },
      { $set: { passStatus: pass.status, passReasons: pass.reasons } },
    );
    return changed.modifiedCount > 0;
  }

  byIds(ids: mongoose.Types.ObjectId[]): Promise<VisitDocument[]> {
    return leanFind<VisitDocument>(Visit, { _id: { $in: ids } });
  }

  /** The latest visit of this person at this venue checked in by this account since `since`, if any. */
  async latestCheckIn(personHash: string, venueId: string, userId: string, since: Date) {
    const earlier = await Visit.findOne({ personHash, venueId, userId, checkInAt: { $gte: since } }, { _id: 1 })
      .sort({ checkInAt: -1 })
      .lean();
    return earlier?._id ?? null;
  }

  /** Whether the person (keyed hash) has a visit recorded in the district (within retention). */
  async wasSeenIn(personHash: string, regionCode: string): Promise<boolean> {
    return Boolean(await Visit.exists({ personHash, regionCode }));
  }

  /**
   * After an official corrected a resident's identity number, the visits they scanned for
   * themselves are theirs under the corrected number, so tracing finds them.
   */
  async rekeyOwnVisits(userId: string, fromHash: string, to: ProtectedPerson): Promise<number> {
    const moved = await Visit.updateMany(
      { userId, source: "scan", personHash: fromHash },
      { $set: { personHash: to.idHash, personIdCipher: to.idCipher, personNameMasked: to.nameMasked } },
    );
    return moved.modifiedCount;
  }

  /**
   * The resident's own visits and their companions', newest first; and the visits others recorded
   * under the resident's identity (as their companion, or at a door by staff), so that nobody can
   * check a person in somewhere without the person seeing it.
   */
  async listMine(
    userId: string,
    personHash: string | undefined,
    options: { limit: number; before?: Date | undefined },
  ) {
    const mine = {
      userId: new mongoose.Types.ObjectId(userId),
      source: { $in: ["scan" as const, "companion" as const] },
    };
    const visits = await newestPage({ $or: personHash ? [mine, { personHash }] : [mine] }, options);
    return visits.map((visit) => ({
      ...visitView(visit),
      recordedBy: String(visit.userId) === userId ? ("me" as const) : ("someone-else" as const),
    }));
  }

  /** Ends a visit now (离开); checking out twice, or after it ended, changes nothing. */
  async checkout(userId: string, visitId: string) {
    const visit = mongoose.isValidObjectId(visitId) ? await Visit.findById(visitId).lean<VisitDocument>() : null;
    // Someone else's visit is answered as no visit at all: nobody learns that it exists.
    if (!visit || String(visit.userId) !== userId || visit.source === "manual") {
      throw new NotFoundError(`No visit ${visitId} of yours`, "没有找到这条到访记录。", "VISIT_NOT_FOUND");
    }
    const now = new Date();
    const updated = await Visit.findOneAndUpdate(
      { _id: visit._id, endAt: { $gt: now } },
      { $set: { endAt: now, endedBy: "checkout" } },
      { returnDocument: "after" },
    ).lean<VisitDocument>();
    return visitView(updated ?? visit);
  }

  /** What the door screen shows: recent entries at a venue, masked, with pass colours. */
  async recentAtVenue(venueId: string, options: { limit: number; before?: Date | undefined }) {
    const visits = await newestPage({ venueId: new mongoose.Types.ObjectId(venueId) }, options);
    return visits.map((visit) => ({
      visitId: String(visit._id),
      personName: visit.personNameMasked,
      source: visit.source,
      passStatus: visit.passStatus,
      flagged: visit.passStatus !== "green",
      checkInAt: visit.checkInAt.toISOString(),
    }));
  }

  /**
   * Visits whose interval [check-in, end) overlaps a window by at least `minOverlapMinutes`, grouped
   * by person (keyed hash). An observed end ends a visit; an estimated one is the category's stay, or
   * the event's `estimatedStayMinutes`. Each window is one indexed range on (venueId, checkInAt);
   * visits stream through a cursor, so nothing loads a whole collection.
   */
  async overlapping(windows: VisitWindow[], match: MatchOptions): Promise<Map<string, OverlappingVisit[]>> {
    const people = new Map<string, OverlappingVisit[]>();
    const stayMs = match.estimatedStayMinutes ? match.estimatedStayMinutes * 60_000 : null;
    for (const window of windows) {
      const start = window.start.getTime();
      const end = window.end.getTime();
      // Through the driver's cursor: an event's fan-out reads every matching visit, and mongoose's
      // query cursor cost more than the matching itself.
      const cursor = Visit.collection.find(
        {
          venueId: new mongoose.Types.ObjectId(String(window.venueId)),
          ...(window.visitRegionCode ? { regionCode: window.visitRegionCode } : {}),
          checkInAt: { $lt: window.end, $gt: new Date(start - Math.max(LONGEST_VISIT_MS, stayMs ?? 0)) },
          // With an event's own estimate, a visit ended by its category's may still reach the window.
          ...(stayMs === null ? { endAt: { $gt: window.start } } : {}),
        },
        { batchSize: 1000, projection: OVERLAP_FIELDS },
      );
      for await (const visit of cursor as unknown as AsyncIterable<VisitDocument>) {
        if (visit.personHash === match.excludePersonHash) continue;
        const endEstimated = isEndEstimated(visit);
        const checkIn = visit.checkInAt.getTime();
        const visitEnd = endEstimated && stayMs !== null ? checkIn + stayMs : visit.endAt.getTime();
        const overlapMs = Math.min(visitEnd, end) - Math.max(checkIn, start);
        if (overlapMs <= 0 || overlapMs < match.minOverlapMinutes * 60_000) continue;
        const list = people.get(visit.personHash) ?? [];
        list.push({
          visitId: String(visit._id),
          venueId: String(visit.venueId),
          venueName: visit.venueName,
          checkInAt: visit.checkInAt,
          endAt: new Date(visitEnd),
          endEstimated,
          overlapMinutes: Math.round(overlapMs / 60_000),
          presence: !endEstimated || checkIn >= start ? "observed" : "estimated",
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

  /**
   * A case's own visits in a period, each widened by `bufferMinutes` on both sides, as windows. A
   * visit nobody saw end lasts `estimatedStayMinutes` when the event gives it (the same bound the
   * event puts on its contacts' estimated stays), else its category's stay.
   */
  async windowsAroundPerson(
    personHash: string,
    from: Date,
    to: Date,
    bufferMinutes: number,
    estimatedStayMinutes?: number | null,
  ): Promise<VisitWindow[]> {
    const visits = await Visit.find({ personHash, checkInAt: { $gte: from, $lt: to } })
      .sort({ checkInAt: 1 })
      .lean<VisitDocument[]>();
    const buffer = bufferMinutes * 60_000;
    return visits.map((visit) => {
      const end =
        isEndEstimated(visit) && estimatedStayMinutes
          ? visit.checkInAt.getTime() + estimatedStayMinutes * 60_000
          : visit.endAt.getTime();
      return {
        venueId: visit.venueId,
        venueName: visit.venueName,
        regionCode: visit.regionCode,
        start: new Date(visit.checkInAt.getTime() - buffer),
        end: new Date(Math.min(end + buffer, Date.now())),
      };
    });
  }

  /** Scans in a range, counted per district or category (`field`), within a scope. */
  countBy(field: "regionCode" | "categoryId", range: Range, scope: Scope) {
    return Visit.aggregate<{ _id: string; n: number }>([
      { $match: { checkInAt: { $gte: range.start, $lt: range.end }, ...scope } },
      { $group: { _id: `$${field}`, n: { $sum: 1 } } },
    ]);
  }

  /** Venues with at least one scan in a range, counted per district or category. */
  venuesScannedBy(field: "regionCode" | "categoryId", range: Range, scope: Scope) {
    return Visit.aggregate<{ _id: string; n: number }>([
      { $match: { checkInAt: { $gte: range.start, $lt: range.end }, ...scope } },
      { $group: { _id: { key: `$${field}`, venue: "$venueId" } } },
      { $group: { _id: "$_id.key", n: { $sum: 1 } } },
    ]);
  }

  /** Scans per China day (YYYY-MM-DD) in a range. */
  dailyCounts(range: Range, scope: Scope) {
    return Visit.aggregate<{ _id: string; n: number }>([
      { $match: { checkInAt: { $gte: range.start, $lt: range.end }, ...scope } },
      {
        $group: {
          _id: { $dateToString: { format: "%Y-%m-%d", date: "$checkInAt", timezone: CHINA_UTC_OFFSET } },
          n: { $sum: 1 },
        },
      },
    ]);
  }

  /** Each venue's latest check-in still kept (within the retention period); venues without one are absent. */
  async lastCheckIns(venueIds: mongoose.Types.ObjectId[]): Promise<Map<string, Date>> {
    if (venueIds.length === 0) return new Map();
    const found = await Visit.aggregate<{ _id: mongoose.Types.ObjectId; at: Date }>([
      { $match: { venueId: { $in: venueIds } } },
      { $group: { _id: "$venueId", at: { $max: "$checkInAt" } } },
    ]);
    return new Map(found.map(({ _id, at }) => [String(_id), at]));
  }

  /** Scans per venue (id) of these venues since each of `since`'s instants, as counts in the same order. */
  async countsAtVenues(venueIds: mongoose.Types.ObjectId[], since: Date[]): Promise<Map<string, number[]>> {
    if (venueIds.length === 0 || since.length === 0) return new Map();
    const earliest = new Date(Math.min(...since.map((d) => d.getTime())));
    const rows = await Visit.aggregate<{ _id: mongoose.Types.ObjectId; counts: number[] }>([
      { $match: { venueId: { $in: venueIds }, checkInAt: { $gte: earliest } } },
      {
        $group: {
          _id: "$venueId",
          ...Object.fromEntries(
            since.map((instant, i) => [`c${i}`, { $sum: { $cond: [{ $gte: ["$checkInAt", instant] }, 1, 0] } }]),
          ),
        },
      },
      { $project: { counts: since.map((_d, i) => `$c${i}`) } },
    ]);
    return new Map(rows.map((row) => [String(row._id), row.counts]));
  }

  /** The venues with a scan since `since`, within a scope. */
  venuesScannedSince(since: Date, scope: Scope): Promise<mongoose.Types.ObjectId[]> {
    return Visit.distinct("venueId", { checkInAt: { $gte: since }, ...scope });
  }
}

/**
 * Writes the visits of several check-ins at once, and, because people forget to check out, ends
 * each person's open visit elsewhere at the moment they scanned. A check-in whose request key was
 * already used is told so; the others' visits are written regardless (unordered insert).
 */
/**
 * Visits matching `filter`, newest first, checked in before `before`: `limit` of them, and any more
 * checked in at the very instant the page ends on (a scan with companions checks them in
 * together), so that the last one's check-in time as `before` gives the next page and skips none.
 */
async function newestPage(
  filter: mongoose.QueryFilter<VisitDocument>,
  { limit, before }: { limit: number; before?: Date | undefined },
): Promise<VisitDocument[]> {
  const page = await Visit.find({ ...filter, ...(before ? { checkInAt: { $lt: before } } : {}) })
    .sort({ checkInAt: -1, _id: -1 })
    .limit(limit)
    .lean<VisitDocument[]>();
  const last = page.at(-1);
  if (page.length < limit || !last) return page;
  const sameInstant = await Visit.find({ ...filter, checkInAt: last.checkInAt, _id: { $nin: page.map((v) => v._id) } })
    .sort({ _id: -1 })
    .lean<VisitDocument[]>();
  return [...page, ...sameInstant];
}

async function writeVisits(writes: VisitWrite[]): Promise<{ duplicate: boolean }[]> {
  const owners = writes.flatMap((write, i) => write.fresh.map(() => i));
  const refused = await leanInsert(
    Visit,
    writes.flatMap((write) => write.fresh),
  );
  const duplicate = writes.map(() => false);
  for (const index of refused) duplicate[owners[index] as number] = true;
  // A repeated request (its key already used) ends nothing: its first arrival did, at its own time.
  const ends = writes.filter((_, i) => !duplicate[i]).flatMap((write) => endOpenVisitsElsewhere(write));
  if (ends.length > 0) await leanUpdate(Visit, ends);
  return writes.map((_, i) => ({ duplicate: duplicate[i] as boolean }));
}

/**
 * People forget to check out, so a check-in ends the person's open visit elsewhere — but only what
 * this check-in is evidence of: a person's own scan ends any open visit of theirs; a companion
 * check-in ends only the companion visits the same resident made for them; a visitor registered by
 * staff ends nothing. Nobody can end someone's own visit by checking their number in somewhere.
 */
function endOpenVisitsElsewhere({ fresh, venueId, now }: VisitWrite) {
  const open = {
    venueId: { $ne: new mongoose.Types.ObjectId(venueId) },
    checkInAt: { $lte: now },
    endAt: { $gt: now },
  };
  const u = { $set: { endAt: now, endedBy: "moved" } };
  const scanned = fresh.filter((visit) => visit.source === "scan");
  const accompanied = fresh.filter((visit) => visit.source === "companion");
  const ends = [];
  if (scanned.length > 0) {
    ends.push({ q: { ...open, personHash: { $in: scanned.map((v) => v.personHash) } }, u, multi: true });
  }
  const [first] = accompanied;
  if (first) {
    const personHash = { $in: accompanied.map((v) => v.personHash) };
    ends.push({ q: { ...open, source: "companion", userId: first.userId, personHash }, u, multi: true });
  }
  return ends;
}

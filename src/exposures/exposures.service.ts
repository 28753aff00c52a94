import mongoose from "mongoose";
import type { AuditLog } from "../audit/audit.service.js";
import type { OfficialPrincipal } from "../auth/principal.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { maskIdNumber } from "../identity/masking.js";
import type { PersonalDataProtector } from "../identity/protection.js";
import { isDuplicateKey } from "../infra/mongo-errors.js";
import type { RedisClient } from "../infra/redis-client.js";
import type { NotificationsService } from "../notifications/notifications.service.js";
import { assertOfficialCovers } from "../policies/index.js";
import type { VenuesService } from "../venues/venues.service.js";
import type { MatchOptions, VisitsService, VisitWindow } from "../visits/visits.service.js";
import { Exposure, type ExposureDocument } from "./exposure.model.js";
import type { CreateExposureRequest, ExposureProgressView, ExposureRequest } from "./exposures.schema.js";
import { deliveryProgress, enqueueFanout } from "./fanout.js";

export interface ExposuresServiceOptions {
  redis: RedisClient;
  protector: PersonalDataProtector;
  audit: AuditLog;
  /** Events that would alert more people than this wait for a second health official. */
  confirmThreshold: number;
  caseBufferMinutes: number;
  /** Visits are kept this long: a window that ended before then can reach nobody. */
  retentionDays: number;
  venues: VenuesService;
  visits: VisitsService;
  notifications: NotificationsService;
}

/** Begins the key an event sent without one gets from its request (never a client's: they have no colon). */
const SAME_REQUEST_KEY_PREFIX = "same-request:";

export class ExposuresService {
  constructor(private readonly o: ExposuresServiceOptions) {}

  /**
   * How many people and visits an event would reach, by venue, and how many of them only by an
   * estimated stay (nobody saw them leave); alerts nobody.
   */
  async preview(official: OfficialPrincipal, request: ExposureRequest) {
    const { windows, caseHash } = await this.windowsOf(official, request);
    const people = await this.o.visits.overlapping(windows, matchOf(request, caseHash));
    type VenueCount = {
      venueId: string;
      venueName: string;
      people: Set<string>;
      observed: Set<string>;
      visits: number;
    };
    const byVenue = new Map<string, VenueCount>();
    let visits = 0;
    let observed = 0;
    for (const [personHash, list] of people) {
      if (list.some((visit) => visit.presence === "observed")) observed++;
      for (const visit of list) {
        visits++;
        const entry = byVenue.get(visit.venueId) ?? {
          venueId: visit.venueId,
          venueName: visit.venueName,
          people: new Set(),
          observed: new Set(),
          visits: 0,
        };
        entry.people.add(personHash);
        if (visit.presence === "observed") entry.observed.add(personHash);
        entry.visits++;
        byVenue.set(visit.venueId, entry);
      }
    }
    await this.o.audit.record(
      official,
      request.case ? "exposure.preview.case" : "exposure.preview",
      this.auditable(request),
      people.size,
    );
    return {
      people: people.size,
      observed,
      estimatedOnly: people.size - observed,
      estimatedStayMinutes: request.estimatedStayMinutes ?? null,
      visits,
      windows: windows.length,
      byVenue: [...byVenue.values()].map((v) => ({
        venueId: v.venueId,
        venueName: v.venueName,
        people: v.people.size,
        estimatedOnly: v.people.size - v.observed.size,
        visits: v.visits,
      })),
    };
  }

  /**
   * Creates an event and queues its alerts. A request repeating an idempotency key its official
   * already used (a double click, a retry after a lost answer) gets that event back and sends nothing.
   */
  async create(
    official: OfficialPrincipal,
    { idempotencyKey: chosenKey, ...request }: CreateExposureRequest,
  ): Promise<{ exposure: ExposureDocument; repeated: boolean }> {
    // Without a key of the client's, the request itself is the key: the same official sending the
    // same places, times, level and message again (a double click, a retry) gets the same event.
    const { windows, caseHash } = await this.windowsOf(official, request);
    const idempotencyKey = chosenKey ?? this.sameRequestKey(request, windows, caseHash);
    const earlier = await this.byKey(official, idempotencyKey);
    if (earlier) return { exposure: sameSending(earlier, request, windows), repeated: true };
    const people = await this.o.visits.overlapping(windows, matchOf(request, caseHash));
    const needsConfirmation = people.size > this.o.confirmThreshold;
    // An event that touches nobody has nothing to send: it is done at once (no worker would ever finish it).
    const nobody = people.size === 0;
    let exposure: InstanceType<typeof Exposure>;
    try {
      exposure = await Exposure.create({
        idempotencyKey,
        createdBy: official.officialId,
        createdByName: official.username,
        status: needsConfirmation ? "pending-confirmation" : nobody ? "done" : "queued",
        ...(nobody ? { enqueued: true } : {}),
        riskLevel: request.riskLevel,
        message: request.message,
        minOverlapMinutes: request.minOverlapMinutes,
        ...(request.estimatedStayMinutes ? { estimatedStayMinutes: request.estimatedStayMinutes } : {}),
        windows,
        ...(caseHash ? { caseHash } : {}),
        total: people.size,
      });
    } catch (error) {
      // The same key arrived twice at once: the first write won; this one answers with its event.
      const winner = isDuplicateKey(error) ? await this.byKey(official, idempotencyKey) : null;
      if (winner) return { exposure: sameSending(winner, request, windows), repeated: true };
      throw error;
    }
    await this.o.audit.record(
      official,
      "exposure.create",
      { ...this.auditable(request), exposureId: String(exposure._id) },
      people.size,
    );
    const document = exposure.toObject() as ExposureDocument;
    if (!needsConfirmation && !nobody) await enqueueFanout(this.o.redis, this.o.visits, document, people);
    return { exposure: document, repeated: false };
  }

  /**
   * The key of a request sent without one: what it sends (level, message, matching) and where
   * (the windows, a case's built from its visits), keyed-hashed. The colon keeps it apart from
   * every key a client may choose.
   */
  private sameRequestKey(request: ExposureRequest, windows: VisitWindow[], caseHash: string | undefined): string {
    const content = JSON.stringify([
      request.riskLevel,
      request.message,
      request.minOverlapMinutes,
      request.estimatedStayMinutes ?? null,
      caseHash ?? null,
      windows.map((w) => [String(w.venueId), w.start.getTime(), w.end.getTime()]),
    ]);
    return `${SAME_REQUEST_KEY_PREFIX}${this.o.protector.hash(content)}`;
  }

  private byKey(official: OfficialPrincipal, idempotencyKey: string): Promise<ExposureDocument | null> {
    return Exposure.findOne({ createdBy: official.officialId, idempotencyKey }).lean<ExposureDocument>();
  }

  /** A second health official releases an event held for confirmation. */
  async confirm(official: OfficialPrincipal, exposureId: string): Promise<ExposureDocument> {
    const exposure = await this.get(exposureId);
    if (String(exposure.createdBy) === official.officialId) {
      throw new ForbiddenError("Another health official must confirm an event you created");
    }
    this.assertCovers(official, exposure);
    const confirmed = await Exposure.findOneAndUpdate(
      { _id: exposure._id, status: "pending-confirmation" },
      { $set: { status: "queued", confirmedBy: official.officialId } },
      { returnDocument: "after" },
    ).lean<ExposureDocument>();
    if (!confirmed) {
      throw new ConflictError("NOT_PENDING", "This event is not waiting for confirmation", "这个事件不需要再确认。");
    }
    await this.o.audit.record(official, "exposure.confirm", { exposureId }, confirmed.total);
    await enqueueFanout(this.o.redis, this.o.visits, confirmed);
    return confirmed;
  }

  /**
   * Withdraws a mistaken event: jobs not yet delivered are dropped, every alert sent is cleared (so
   * passes turn back) and its recipient gets a correction.
   */
  async withdraw(official: OfficialPrincipal, exposureId: string, reason: string): Promise<number> {
    const exposure = await this.get(exposureId);
    this.assertCovers(official, exposure);
    const withdrawn = await Exposure.findOneAndUpdate(
      { _id: exposure._id, status: { $ne: "withdrawn" } },
      {
        $set: { status: "withdrawn", withdrawnReason: reason, withdrawnBy: official.officialId },
        // A withdrawn event no longer stands for its request: sent again, it is a new event.
        ...(exposure.idempotencyKey?.startsWith(SAME_REQUEST_KEY_PREFIX) ? { $unset: { idempotencyKey: 1 } } : {}),
      },
    );
    if (!withdrawn)
      throw new ConflictError("ALREADY_WITHDRAWN", "This event was already withdrawn", "这个事件已经撤回了。");
    const corrected = await this.o.notifications.withdraw(exposure._id, reason);
    await this.o.audit.record(official, "exposure.withdraw", { exposureId, reason }, corrected);
    return corrected;
  }

  /** Clears one person's alert from an event after an official checked on them: their pass turns back. */
  async clearPerson(
    official: OfficialPrincipal,
    exposureId: string,
    idNumber: string,
    reason: string,
  ): Promise<number> {
    const exposure = await this.get(exposureId);
    this.assertCovers(official, exposure);
    const personHash = this.o.protector.hash(idNumber);
    const cleared = await this.o.notifications.clearPerson(exposure._id, personHash, reason);
    await this.o.audit.record(
      official,
      "exposure.clear",
      { exposureId, idNumber: maskIdNumber(idNumber), reason },
      cleared > 0 ? 1 : 0,
    );
    return cleared;
  }

  async progress(official: OfficialPrincipal, exposureId: string): Promise<ExposureProgressView> {
    const exposure = await this.get(exposureId);
    this.assertCovers(official, exposure);
    const progress = await deliveryProgress(this.o.notifications, exposure._id);
    return {
      id: String(exposure._id),
      status: exposure.status,
      riskLevel: exposure.riskLevel as ExposureProgressView["riskLevel"],
      total: exposure.total,
      ...progress,
      createdBy: exposure.createdByName,
      createdAt: exposure.createdAt.toISOString(),
    };
  }

  /**
   * Recent events with their last counted delivery figures, newest first; a region-scoped official
   * sees the events wholly within their district.
   */
  async list(official: OfficialPrincipal, limit: number) {
    const found = await Exposure.find(official.regionCode ? { "windows.regionCode": official.regionCode } : {})
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<ExposureDocument[]>();
    return found
      .filter((exposure) => exposure.windows.every((w) => !official.regionCode || w.regionCode === official.regionCode))
      .map((exposure) => ({
        id: String(exposure._id),
        status: exposure.status,
        riskLevel: exposure.riskLevel,
        places: exposure.windows.map((w) => ({
          venueName: w.venueName,
          start: w.start.toISOString(),
          end: w.end.toISOString(),
        })),
        total: exposure.total,
        delivered: exposure.delivered ?? 0,
        failed: exposure.failed ?? 0,
        createdBy: exposure.createdByName,
        createdAt: exposure.createdAt.toISOString(),
      }));
  }

  private async get(exposureId: string): Promise<ExposureDocument> {
    const exposure = mongoose.isValidObjectId(exposureId)
      ? await Exposure.findById(exposureId).lean<ExposureDocument>()
      : null;
    if (!exposure)
      throw new NotFoundError(`No exposure event ${exposureId}`, "没有找到这个事件。", "EXPOSURE_NOT_FOUND");
    return exposure;
  }

  private assertCovers(official: OfficialPrincipal, exposure: ExposureDocument): void {
    for (const window of exposure.windows) assertOfficialCovers(official, window.regionCode);
  }

  /** The windows an event covers: the places given, or the case's own visits widened by the buffer. */
  private async windowsOf(
    official: OfficialPrincipal,
    request: ExposureRequest,
  ): Promise<{ windows: VisitWindow[]; caseHash?: string }> {
    const keptSince = Date.now() - this.o.retentionDays * 86_400_000;
    const forgotten = (end: string, path: string) => {
      if (Date.parse(end) > keptSince) return;
      throw new ValidationError(
        [{ path, message: `ends before the oldest visit kept (visits are kept ${this.o.retentionDays} days)` }],
        `这个时间段早于登记记录的保存期限（${this.o.retentionDays}天），查不到任何人，请检查日期。`,
      );
    };
    if (request.case) forgotten(request.case.to, "case.to");
    for (const [i, place] of (request.places ?? []).entries()) forgotten(place.end, `places.${i}.end`);
    if (request.case) {
      const caseHash = this.o.protector.hash(request.case.idNumber);
      const windows = await this.o.visits.windowsAroundPerson(
        caseHash,
        new Date(request.case.from),
        new Date(request.case.to),
        this.o.caseBufferMinutes,
        request.estimatedStayMinutes,
      );
      for (const window of windows) assertOfficialCovers(official, window.regionCode);
      return { windows, caseHash };
    }
    const windows: VisitWindow[] = [];
    for (const [i, place] of (request.places ?? []).entries()) {
      const venue = await this.o.venues.findByCodeOrId(place);
      if (!venue) throw new ValidationError([{ path: `places.${i}`, message: "no venue has this code or id" }]);
      assertOfficialCovers(official, venue.regionCode);
      windows.push({
        venueId: venue._id,
        venueName: venue.name,
        regionCode: venue.regionCode,
        ...(official.regionCode ? { visitRegionCode: official.regionCode } : {}),
        start: new Date(place.start),
        end: new Date(place.end),
      });
    }
    return { windows };
  }

  /** The request as the audit log keeps it: identity numbers masked. */
  private auditable(request: ExposureRequest): Record<string, unknown> {
    return {
      ...request,
      ...(request.case ? { case: { ...request.case, idNumber: maskIdNumber(request.case.idNumber) } } : {}),
    };
  }
}

/** How an event's request matches visits. */
function matchOf(request: ExposureRequest, caseHash: string | undefined): MatchOptions {
  return {
    minOverlapMinutes: request.minOverlapMinutes,
    excludePersonHash: caseHash,
    estimatedStayMinutes: request.estimatedStayMinutes,
  };
}

/**
 * The event a repeated idempotency key stands for, if the request is the one it was made with: a key
 * reused for an edited request (another level, message or place) is refused, so an official never
 * believes an edited alert went out when the first one did.
 */
function sameSending(
  earlier: ExposureDocument,
  request: ExposureRequest,
  windows: { venueId: unknown; start: Date; end: Date }[],
): ExposureDocument {
  const placesOf = (list: { venueId: unknown; start: Date; end: Date }[]) =>
    JSON.stringify(list.map((w) => [String(w.venueId), w.start.getTime(), w.end.getTime()]));
  const same =
    earlier.riskLevel === request.riskLevel &&
    earlier.message === request.message &&
    earlier.minOverlapMinutes === request.minOverlapMinutes &&
    (earlier.estimatedStayMinutes ?? undefined) === request.estimatedStayMinutes &&
    placesOf(earlier.windows) === placesOf(windows);
  if (!same) {
    throw new ConflictError(
      "IDEMPOTENCY_KEY_REUSED",
      "This idempotency key was used for a different request; preview the edited request and send it with a new key",
      "这次发送的内容与之前用同一编号发出的提醒不一致，请重新预览后再发出。",
    );
  }
  return earlier;
}

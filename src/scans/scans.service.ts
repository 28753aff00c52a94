import mongoose from "mongoose";
import type { CompanionDocument } from "../companions/companion.model.js";
import type { CompanionsService } from "../companions/companions.service.js";
import { SELF_RELATION } from "../companions/relations.js";
import { RateLimitedError } from "../errors.js";
import type { HealthCodeProvider, HealthCodeReading } from "../health-codes/providers.js";
import { protectPerson } from "../identity/person.js";
import type { PersonalDataProtector } from "../identity/protection.js";
import type { IdentityVerifier } from "../identity/verifier.js";
import type { Logger } from "../infra/logger.js";
import type { RateLimiter } from "../infra/rate-limiter.js";
import type { RedisClient } from "../infra/redis-client.js";
import type { NotificationsService } from "../notifications/notifications.service.js";
import { requireRealName } from "../policies/index.js";
import type { ReferenceData } from "../reference/reference-data.js";
import type { UsersService } from "../users/users.service.js";
import { isAuthenticVenueCode } from "../venue-codes/codes.js";
import { invalidVenueCode, revokedVenueCode } from "../venue-codes/errors.js";
import type { CachedVenue, VenueCache } from "../venues/venue-cache.js";
import type { LiveFeed } from "../visits/live-feed.js";
import type { VisitDocument } from "../visits/visit.model.js";
import { visitView } from "../visits/visit.presenter.js";
import { isEndEstimated } from "../visits/visit-kinds.js";
import type { VisitsService } from "../visits/visits.service.js";
import { type CurrentPass, passStatusOf, passView } from "./pass.js";
import type { VisitorInput } from "./scans.schema.js";

/** The same person scanning the same venue again within this time gets the visit they already have. */
export const REPEAT_SCAN_WINDOW_MS = 10 * 60 * 1000;
const MAX_PEOPLE_PER_SCAN = 11;
/** Visitors one staff member may register by hand at one venue in a minute, and at all venues in a day. */
export const MANUAL_ENTRIES_PER_MINUTE = 10;
export const MANUAL_ENTRIES_PER_DAY = 300;

/** Someone being checked in: the scanner, a companion, or a visitor registered by staff. */
interface Entrant {
  idHash: string;
  idCipher: string;
  nameMasked: string;
  phoneCipher?: string | undefined;
  source: "scan" | "companion" | "manual";
  companionId?: mongoose.Types.ObjectId;
  relation: string;
}

export interface ScanOutcome {
  visits: ReturnType<typeof visitView>[];
  passes: ReturnType<typeof passView>[];
  /** True when nothing new was recorded: a repeat within ten minutes, or a retried request. */
  repeated: boolean;
}

export interface ScansServiceOptions {
  codeSecret: Buffer;
  retentionDays: number;
  limits: { perUserPerMinute: number; perIpPerMinute: number };
  reference: ReferenceData;
  protector: PersonalDataProtector;
  verifier: IdentityVerifier;
  users: UsersService;
  companions: CompanionsService;
  venueCache: VenueCache;
  healthCodes: HealthCodeProvider;
  notifications: NotificationsService;
  rateLimiter: RateLimiter;
  dailyLimiter: RateLimiter;
  liveFeed: LiveFeed;
  visits: VisitsService;
  redis: RedisClient;
  logger: Logger;
}

export class ScansService {
  constructor(private readonly o: ScansServiceOptions) {}

  /** A resident scans a venue code, for themselves and the companions they picked. */
  async scan(input: {
    userId: string;
    code: string;
    companionIds: string[];
    requestId?: string | undefined;
    ip: string;
  }): Promise<ScanOutcome> {
    const { userId, code, requestId } = input;
    if (!isAuthenticVenueCode(code, this.o.codeSecret)) throw invalidVenueCode();
    // A retried request is the same request only at the same code: the key holds both, so an old
    // request id sent with another venue's code is a new check-in. One key per person the request
    // can check in (the scanner and the companions named), not the most a scan allows: fewer keys
    // to build, send and look up.
    const people = Math.min(1 + input.companionIds.length, MAX_PEOPLE_PER_SCAN);
    const prefix = requestId ? `${userId}:${code}:${requestId}:` : "";
    const requestKeys = requestId ? Array.from({ length: people }, (_, i) => `${prefix}${i}`) : [];
    const entrants = Promise.all([this.o.users.get(userId), this.o.companions.pick(userId, input.companionIds)]).then(
      ([user, companions]): Entrant[] => {
        requireRealName(user);
        return [
          { ...pick(user.identity), source: "scan", relation: SELF_RELATION },
          ...companions.map((c) => companionEntrant(c)),
        ];
      },
    );
    // The pass's inputs are read alongside the checks below rather than after them: a round trip
    // less for every scan. A scan the checks refuse leaves them unused, so their failure is only
    // reported where they are awaited (checkIn), never as an unhandled rejection.
    const passInputs = entrants.then((people) => this.passInputsOf(people));
    passInputs.catch(() => undefined);
    // A retried request is not looked up first: within ten minutes the repeat-scan claims answer it
    // with the visits it made, and later the request key's unique index refuses a second write
    // (checkIn then replays the first). A read less for every scan.
    const [decision, lookup] = await Promise.all([
      this.o.rateLimiter.consume([
        { key: `scan:user:${userId}`, limit: this.o.limits.perUserPerMinute },
        { key: `scan:ip:${input.ip}`, limit: this.o.limits.perIpPerMinute },
      ]),
      this.o.venueCache.byCode(code),
    ]);
    if (!decision.allowed) {
      throw new RateLimitedError(
        "SCAN_RATE_LIMITED",
        "Too many scans; wait a moment",
        "扫码太频繁了，请稍后再试。",
        decision.retryAfterSeconds,
      );
    }
    if (lookup.status === "revoked") throw revokedVenueCode();
    if (lookup.status === "unknown") throw invalidVenueCode();
    return this.checkIn(lookup.venue, await entrants, userId, requestKeys, passInputs);
  }

  /**
   * Staff register a visitor without a phone (无手机入场). Limited per staff member and venue (the
   * door's pace, not a list's), and the real-name service checks that name and number match.
   */
  async manualEntry(venue: CachedVenue, staffUserId: string, person: VisitorInput): Promise<ScanOutcome> {
    const [perVenue, perDay] = await Promise.all([
      this.o.rateLimiter.consume([{ key: `manual:${staffUserId}:${venue.id}`, limit: MANUAL_ENTRIES_PER_MINUTE }]),
      this.o.dailyLimiter.consume([{ key: `manual:${staffUserId}`, limit: MANUAL_ENTRIES_PER_DAY }]),
    ]);
    const decision = perVenue.allowed ? perDay : perVenue;
    if (!decision.allowed) {
      throw new RateLimitedError(
        "MANUAL_ENTRY_RATE_LIMITED",
        `At most ${MANUAL_ENTRIES_PER_MINUTE} visitors a minute per staff member and venue, ${MANUAL_ENTRIES_PER_DAY} a day`,
        "登记太频繁了，请稍后再试。",
        decision.retryAfterSeconds,
      );
    }
    await this.o.verifier.verify(person);
    const protectedPerson = protectPerson(this.o.protector, person);
    const entrant: Entrant = {
      ...pick(protectedPerson),
      phoneCipher: protectedPerson.phoneCipher ?? undefined,
      source: "manual",
      relation: "访客",
    };
    return this.checkIn(venue, [entrant], staffUserId, []);
  }

  private async checkIn(
    venue: CachedVenue,
    entrants: Entrant[],
    userId: string,
    requestKeys: string[],
    passInputs = this.passInputsOf(entrants),
  ): Promise<ScanOutcome> {
    const now = new Date();
    const ids = entrants.map(() => new mongoose.Types.ObjectId());
    const [claims, { readings, alerted }] = await Promise.all([
      Promise.all(
        entrants.map((e, i) => this.claimVisit(e.idHash, venue.id, userId, ids[i] as mongoose.Types.ObjectId, now)),
      ),
      passInputs,
    ]);
    const earlier = await this.earlierVisits(claims);
    // A repeat is a repeat of a visit still open here. One that ended since — the person checked out,
    // or scanned somewhere else in between (A, B, then A again) — does not stand in for a new one;
    // of scans arriving at once after it ended, the first makes the new visit and the others repeat it.
    const repeats = await Promise.all(
      claims.map(async (claim, i) => {
        const visit = claim ? earlier.get(String(claim)) : undefined;
        if (!claim || (visit && isOpen(visit, now))) return claim;
        const entrant = entrants[i] as Entrant;
        const successor = await this.reclaimVisit(
          entrant.idHash,
          venue.id,
          userId,
          claim,
          ids[i] as mongoose.Types.ObjectId,
        );
        if (!successor) return null;
        const [written] = (await this.earlierVisits([successor])).values();
        if (!written || !isOpen(written, now)) return null;
        earlier.set(String(successor), written);
        return successor;
      }),
    );
    const dwellMinutes = this.o.reference.category(venue.categoryId)?.defaultDwellMinutes ?? 60;
    const expiresAt = new Date(now.getTime() + this.o.retentionDays * 86_400_000);
    const current = entrants.map((entrant) => {
      const reading: HealthCodeReading = readings.get(entrant.idHash) ?? { available: false };
      return { reading, ...passStatusOf(reading, alerted.has(entrant.idHash)) };
    });
    const fresh: VisitDocument[] = [];
    entrants.forEach((entrant, i) => {
      if (repeats[i]) return;
      const { reading, ...pass } = current[i] as (typeof current)[number];
      fresh.push({
        _id: ids[i] as mongoose.Types.ObjectId,
        venueId: new mongoose.Types.ObjectId(venue.id),
        venueName: venue.name,
        categoryId: venue.categoryId,
        regionCode: venue.regionCode,
        personHash: entrant.idHash,
        personNameMasked: entrant.nameMasked,
        personIdCipher: entrant.idCipher,
        ...(entrant.phoneCipher ? { personPhoneCipher: entrant.phoneCipher } : {}),
        source: entrant.source,
        userId: new mongoose.Types.ObjectId(userId),
        ...(entrant.companionId ? { companionId: entrant.companionId } : {}),
        relation: entrant.relation,
        checkInAt: now,
        endAt: new Date(now.getTime() + dwellMinutes * 60_000),
        endedBy: "dwell",
        passStatus: pass.status,
        passReasons: pass.reasons,
        healthCodeColour: reading.available ? reading.colour : null,
        healthCodeUpdatedAt: reading.available ? reading.updatedAt : null,
        ...(requestKeys[i] ? { requestKey: requestKeys[i] } : {}),
        expiresAt,
      });
    });
    if (fresh.length > 0) {
      const { duplicate } = await this.o.visits.record({ fresh, venueId: venue.id, now });
      // The same request arrived twice at once: answer with what the first one recorded.
      if (duplicate) return this.replay(await this.o.visits.recordedFor(requestKeys));
    }
    const written = [...fresh];
    const visits = repeats
      .map((id) => (id ? earlier.get(String(id)) : written.shift()))
      .filter((v): v is VisitDocument => v !== undefined);
    const outcome = {
      visits: visits.map(visitView),
      // A pass shows the status now, also for a repeated scan of a visit made minutes ago.
      passes: visits.map((visit, i) => passView(visit, current[i] as CurrentPass)),
      repeated: fresh.length === 0,
    };
    // The door sees every new visit, and a repeat whose pass changed since check-in (red now, green
    // then) as it is now: its list must not keep showing a colour the person no longer has.
    const forDoor = new Set(fresh);
    await Promise.all(
      visits.map(async (visit, i) => {
        const now = current[i] as CurrentPass;
        if (forDoor.has(visit) || visit.passStatus === now.status) return;
        if (!(await this.o.visits.restampPass(visit._id, now))) return;
        visit.passStatus = now.status;
        visit.passReasons = now.reasons;
        forDoor.add(visit);
      }),
    );
    for (const visit of forDoor) {
      this.o.liveFeed.publish({
        visitId: String(visit._id),
        venueId: venue.id,
        personName: visit.personNameMasked,
        source: visit.source,
        passStatus: visit.passStatus,
        flagged: visit.passStatus !== "green",
        checkInAt: visit.checkInAt.toISOString(),
      });
    }
    return outcome;
  }

  /** What a pass is made of besides the visit: each person's health code, and whether they have an open alert. */
  private async passInputsOf(entrants: { idHash: string; idCipher: string }[]) {
    const [readings, alerted] = await Promise.all([
      this.o.healthCodes.read(entrants),
      this.o.notifications.alerted(entrants.map((e) => e.idHash)),
    ]);
    return { readings, alerted };
  }

  /**
   * Claims "this person is at this venue now, checked in by this account" for ten minutes (Redis
   * SET NX), so repeated and simultaneous scans share one visit. Returns the earlier visit's id when
   * there is one. Keyed by the account too: nobody else's check-in can stand in for a person's own.
   */
  private async claimVisit(idHash: string, venueId: string, userId: string, id: mongoose.Types.ObjectId, now: Date) {
    const key = claimKey(idHash, venueId, userId);
    try {
      const claimed = await this.o.redis.set(key, String(id), "PX", REPEAT_SCAN_WINDOW_MS, "NX");
      if (claimed) return null;
      const earlier = await this.o.redis.get(key);
      return earlier && mongoose.isValidObjectId(earlier) ? new mongoose.Types.ObjectId(earlier) : null;
    } catch (error) {
      this.o.logger.warn({ err: error }, "repeat-scan check unavailable in Redis; asking MongoDB");
      return this.o.visits.latestCheckIn(idHash, venueId, userId, new Date(now.getTime() - REPEAT_SCAN_WINDOW_MS));
    }
  }

  /**
   * After the visit a claim pointed to ended, the claim passes to one check-in: the first to take
   * the ended visit's successor key. Returns the successor another check-in took first, if any.
   */
  private async reclaimVisit(
    idHash: string,
    venueId: string,
    userId: string,
    ended: mongoose.Types.ObjectId,
    id: mongoose.Types.ObjectId,
  ): Promise<mongoose.Types.ObjectId | null> {
    try {
      const successorKey = `recent-visit-after:${String(ended)}`;
      const first = await this.o.redis.set(successorKey, String(id), "PX", REPEAT_SCAN_WINDOW_MS, "NX");
      if (!first) {
        const successor = await this.o.redis.get(successorKey);
        if (successor && mongoose.isValidObjectId(successor)) return new mongoose.Types.ObjectId(successor);
      }
      await this.o.redis.set(claimKey(idHash, venueId, userId), String(id), "PX", REPEAT_SCAN_WINDOW_MS);
    } catch (error) {
      this.o.logger.warn({ err: error }, "repeat-scan claim not renewed in Redis");
    }
    return null;
  }

  /**
   * The earlier visits that repeats were given, waiting briefly for one a simultaneous scan is
   * still writing.
   */
  private async earlierVisits(claims: (mongoose.Types.ObjectId | null)[]): Promise<Map<string, VisitDocument>> {
    const wanted = claims.filter((id): id is mongoose.Types.ObjectId => id !== null);
    let earlier = new Map<string, VisitDocument>();
    for (let attempt = 0; wanted.length > 0; attempt++) {
      const found = await this.o.visits.byIds(wanted);
      earlier = new Map(found.map((v) => [String(v._id), v]));
      if (found.length === wanted.length || attempt >= 20) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return earlier;
  }

  /**
   * A retried request: the visits it recorded the first time, with passes as they are now (a pass
   * is never an old green replayed after the person turned red).
   */
  private async replay(recorded: VisitDocument[]): Promise<ScanOutcome> {
    const visits = recorded.sort(byRequestOrder);
    const people = visits.map((visit) => ({ idHash: visit.personHash, idCipher: visit.personIdCipher }));
    const { readings, alerted } = await this.passInputsOf(people);
    return {
      visits: visits.map(visitView),
      passes: visits.map((visit) => {
        const reading: HealthCodeReading = readings.get(visit.personHash) ?? { available: false };
        return passView(visit, { reading, ...passStatusOf(reading, alerted.has(visit.personHash)) });
      }),
      repeated: true,
    };
  }
}

/** The repeat-scan claim of a person at a venue checked in by an account. */
function claimKey(idHash: string, venueId: string, userId: string): string {
  return `recent-visit:${idHash}:${venueId}:${userId}`;
}

/** Still open: neither checked out nor ended by a scan elsewhere, nor past its estimated end. */
function isOpen(visit: VisitDocument, now: Date): boolean {
  return isEndEstimated(visit) && visit.endAt.getTime() > now.getTime();
}

function pick(person: { idHash: string; idCipher: string; nameMasked: string }) {
  return { idHash: person.idHash, idCipher: person.idCipher, nameMasked: person.nameMasked };
}

function companionEntrant(companion: CompanionDocument): Entrant {
  return { ...pick(companion), source: "companion", companionId: companion._id, relation: companion.relation };
}

function byRequestOrder(a: VisitDocument, b: VisitDocument): number {
  return Number(a.requestKey?.split(":").pop()) - Number(b.requestKey?.split(":").pop());
}

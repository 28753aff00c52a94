import type { AuditLog } from "../audit/audit.service.js";
import type { OfficialPrincipal } from "../auth/principal.js";
import { chinaDate, chinaMidnight, chinaWeekStart, DAY_MS } from "../infra/china-time.js";
import { assertOfficialCovers, officialScope } from "../policies/index.js";
import type { ReferenceData } from "../reference/reference-data.js";
import type { VenuesService } from "../venues/venues.service.js";
import type { VisitsService } from "../visits/visits.service.js";

export interface VenueStatsRow {
  key: string;
  name: string;
  venues: number;
  activeVenues: number;
  scans: number;
}

type Range = { start: Date; end: Date };

/** An owner's own figures for one venue: scans today and this week (from Monday), China time. */
export interface OwnerVenueCounts {
  venueId: string;
  name: string;
  today: number;
  thisWeek: number;
}

/**
 * Figures for the console, computed by aggregations in the database (nothing loads venues or
 * visits into the service). A region-scoped official sees only their district.
 */
export class StatsService {
  constructor(
    private readonly o: { reference: ReferenceData; audit: AuditLog; venues: VenuesService; visits: VisitsService },
  ) {}

  /**
   * The scan counts of the venues this user owns (not those they only work at), newest venue
   * first: what an owner may know of their own venues, without anyone's name.
   */
  async forOwner(userId: string, now = Date.now()): Promise<OwnerVenueCounts[]> {
    const owned = (await this.o.venues.listFor(userId)).filter((venue) => String(venue.ownerId) === userId);
    const since = [chinaMidnight(chinaDate(now)), chinaWeekStart(now)];
    const counts = await this.o.visits.countsAtVenues(
      owned.map((venue) => venue._id),
      since,
    );
    return owned.map((venue) => {
      const [today = 0, thisWeek = 0] = counts.get(String(venue._id)) ?? [];
      return { venueId: String(venue._id), name: venue.name, today, thisWeek };
    });
  }

  /**
   * Per district or category: venues registered, venues with a scan in the 24 hours before the
   * range ends, and scans within the range.
   */
  async venues(official: OfficialPrincipal, groupBy: "region" | "category", range: Range): Promise<VenueStatsRow[]> {
    const field = groupBy === "region" ? "regionCode" : "categoryId";
    const scope = official.regionCode ? { regionCode: official.regionCode } : {};
    const activeSince = new Date(Math.min(range.end.getTime(), Date.now()) - DAY_MS);
    const [registered, scans, active] = await Promise.all([
      this.o.venues.countBy(field, scope),
      this.o.visits.countBy(field, range, scope),
      this.o.visits.venuesScannedBy(field, { start: activeSince, end: range.end }, scope),
    ]);
    const rows = new Map<string, VenueStatsRow>();
    // Every district (or category) in scope has a row, a zero row included: an empty district is news.
    const keys =
      groupBy === "region"
        ? this.o.reference.regions.regions.map((region) => region.code)
        : this.o.reference.categories.map((category) => category.id);
    for (const key of keys) {
      if (groupBy === "region" && official.regionCode && key !== official.regionCode) continue;
      rows.set(key, { key, name: this.nameOf(groupBy, key), venues: 0, activeVenues: 0, scans: 0 });
    }
    const row = (key: string) => {
      let found = rows.get(key);
      if (!found) {
        found = { key, name: this.nameOf(groupBy, key), venues: 0, activeVenues: 0, scans: 0 };
        rows.set(key, found);
      }
      return found;
    };
    for (const { _id, n } of registered) row(_id).venues = n;
    for (const { _id, n } of scans) row(_id).scans = n;
    for (const { _id, n } of active) row(_id).activeVenues = n;
    return [...rows.values()].sort((a, b) => b.venues - a.venues || a.key.localeCompare(b.key));
  }

  /** The same figures as a spreadsheet (UTF-8 with a byte-order mark, so Excel reads the Chinese); audited. */
  async venuesCsv(official: OfficialPrincipal, groupBy: "region" | "category", range: Range): Promise<string> {
    const rows = await this.venues(official, groupBy, range);
    await this.o.audit.record(official, "stats-export", { groupBy, from: range.start, to: range.end }, 0);
    const header = [
      groupBy === "region" ? "区域代码" : "类别代码",
      groupBy === "region" ? "区域" : "类别",
      "已注册场所",
      "24小时内有扫码场所",
      "扫码次数",
    ];
    const lines = [header, ...rows.map((r) => [r.key, r.name, r.venues, r.activeVenues, r.scans])].map((cells) =>
      cells.map((cell) => csvCell(String(cell))).join(","),
    );
    return `\uFEFF${lines.join("\r\n")}\r\n`;
  }

  /** Scans per day (China time) in the range, every day listed, zero included. */
  async dailyScans(official: OfficialPrincipal, range: Range, region?: string) {
    if (region) assertOfficialCovers(official, region);
    const regionCode = official.regionCode ?? region;
    const counted = await this.o.visits.dailyCounts(range, regionCode ? { regionCode } : {});
    const byDay = new Map(counted.map(({ _id, n }) => [_id, n]));
    const days = [];
    for (let t = range.start.getTime(); t < range.end.getTime(); t += DAY_MS) {
      const date = chinaDate(t);
      days.push({ date, scans: byDay.get(date) ?? 0 });
    }
    return days;
  }

  /**
   * Registered venues with no scan in the last `hours`: likely the code is not posted, or not
   * checked at the door.
   */
  async inactiveVenues(
    official: OfficialPrincipal,
    options: { hours: number; region?: string; category?: string; limit: number },
  ) {
    const scope = officialScope(official, options.region, options.category);
    const since = new Date(Date.now() - options.hours * 3600_000);
    const scanned = await this.o.visits.venuesScannedSince(since, scope);
    const { total, venues } = await this.o.venues.listExcept(scope, scanned, options.limit);
    const lastScans = await this.o.visits.lastCheckIns(venues.map((venue) => venue._id));
    // Officials call these venues: the phones are shown whole, and that they were shown is recorded.
    await this.o.audit.record(
      official,
      "compliance.contact-phones",
      { hours: options.hours, ...scope, venues: venues.length },
      0,
    );
    return {
      hours: options.hours,
      total,
      venues: venues.map((venue) => ({
        ...this.o.venues.listingView(venue),
        contactPhone: this.o.venues.contactPhoneOf(venue),
        lastScanAt: lastScans.get(String(venue._id))?.toISOString() ?? null,
        registeredAt: venue.createdAt.toISOString(),
      })),
    };
  }

  private nameOf(groupBy: "region" | "category", key: string): string {
    return (groupBy === "region" ? this.o.reference.region(key)?.name : this.o.reference.category(key)?.name) ?? key;
  }
}

/** A CSV cell, quoted when needed, and never read as a formula by a spreadsheet. */
function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

import type { Logger } from "../infra/logger.js";
import type { RedisClient } from "../infra/redis-client.js";
import { Venue, type VenueDocument } from "./venue.model.js";

/** What a venue code resolves to, as the scan path needs it. */
export type CodeLookup =
  | { status: "active"; venue: CachedVenue }
  /** The venue's name is told (it was on the poster anyway), so the person knows which place to ask. */
  | { status: "revoked"; venueName?: string }
  | { status: "unknown" };

export interface CachedVenue {
  id: string;
  name: string;
  categoryId: string;
  regionCode: string;
  ownerId: string;
  /** The address, or a bus's or taxi's plate: what the poster prints under the name. */
  address?: string | undefined;
  plateNumber?: string | undefined;
}

/** The fields the scan path and the public poster need of a venue, as the cache holds them. */
export function cachedVenueOf(
  venue: Pick<VenueDocument, "_id" | "name" | "categoryId" | "regionCode" | "ownerId" | "address" | "plateNumber">,
): CachedVenue {
  return {
    id: String(venue._id),
    name: venue.name,
    categoryId: venue.categoryId,
    regionCode: venue.regionCode,
    ownerId: String(venue.ownerId),
    ...(venue.address ? { address: venue.address } : {}),
    ...(venue.plateNumber ? { plateNumber: venue.plateNumber } : {}),
  };
}

const TTL_SECONDS = 3600;
/** An authentic code no venue has (e.g. a deleted one) is remembered briefly. */
const UNKNOWN_TTL_SECONDS = 60;

/**
 * Venue look-ups by code for the scan path, cached in Redis and dropped when the venue changes or
 * its code is reissued. Falls back to MongoDB when Redis is unavailable.
 */
export class VenueCache {
  constructor(
    private readonly redis: RedisClient,
    private readonly logger: Logger,
  ) {}

  async byCode(code: string): Promise<CodeLookup> {
    const key = `venue-code:${code}`;
    try {
      const cached = await this.redis.get(key);
      if (cached) return JSON.parse(cached) as CodeLookup;
    } catch (error) {
      this.logger.warn({ err: error }, "venue cache unavailable; reading MongoDB");
      return this.load(code);
    }
    const lookup = await this.load(code);
    await this.redis
      .set(key, JSON.stringify(lookup), "EX", lookup.status === "unknown" ? UNKNOWN_TTL_SECONDS : TTL_SECONDS)
      .catch(() => undefined);
    return lookup;
  }

  /** Forgets what `codes` resolved to; call after a venue changes or a code is reissued. */
  async forget(codes: string[]): Promise<void> {
    // One DEL a code: a venue's codes hash to different slots of a cluster, and a multi-key DEL
    // must stay within one.
    await Promise.all(codes.map((code) => this.redis.del(`venue-code:${code}`))).catch((error: unknown) => {
      this.logger.warn({ err: error }, "could not drop cached venue codes");
    });
  }

  private async load(code: string): Promise<CodeLookup> {
    const venue = await Venue.findOne(
      { $or: [{ code }, { revokedCodes: code }] },
      { name: 1, categoryId: 1, regionCode: 1, ownerId: 1, code: 1, address: 1, plateNumber: 1 },
    ).lean<VenueDocument>();
    if (!venue) return { status: "unknown" };
    if (venue.code !== code) return { status: "revoked", venueName: venue.name };
    return { status: "active", venue: cachedVenueOf(venue) };
  }
}

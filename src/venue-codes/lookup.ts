import type { Services } from "../services.js";
import { isAuthenticVenueCode } from "./codes.js";

export type VenueCodeStatus =
  | { status: "invalid" }
  | { status: "revoked"; venueName?: string | undefined }
  | {
      status: "active";
      venue: {
        id: string;
        name: string;
        categoryId: string;
        categoryName: string;
        regionCode: string;
        regionName: string;
      };
    };

/**
 * What a scanned code is: an active venue, a code its venue replaced, or not ours at all (forged,
 * altered or unknown; a forgery is told without a database look-up).
 */
export async function lookUpVenueCode(
  { config, reference, venueCache }: Pick<Services, "config" | "reference" | "venueCache">,
  code: string | undefined,
): Promise<VenueCodeStatus> {
  if (!code || !isAuthenticVenueCode(code, config.secrets.VENUE_CODE_SECRET)) return { status: "invalid" };
  const lookup = await venueCache.byCode(code);
  if (lookup.status === "unknown") return { status: "invalid" };
  if (lookup.status === "revoked") return { status: "revoked", venueName: lookup.venueName };
  const { venue } = lookup;
  return {
    status: "active",
    venue: {
      id: venue.id,
      name: venue.name,
      categoryId: venue.categoryId,
      categoryName: reference.category(venue.categoryId)?.name ?? venue.categoryId,
      regionCode: venue.regionCode,
      regionName: reference.region(venue.regionCode)?.name ?? venue.regionCode,
    },
  };
}

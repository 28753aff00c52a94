import mongoose from "mongoose";
import type { OfficialPrincipal } from "../auth/principal.js";
import { assertOfficialCovers } from "../policies/index.js";
import type { ReferenceData } from "../reference/reference-data.js";
import type { VenuesService } from "../venues/venues.service.js";
import { Inspection, type InspectionDocument } from "./inspection.model.js";

export class InspectionsService {
  constructor(
    private readonly reference: ReferenceData,
    private readonly venues: VenuesService,
  ) {}

  async record(
    official: OfficialPrincipal,
    input: {
      venueId: string;
      result: InspectionDocument["result"];
      rectifiedOnSite: boolean;
      fineYuan?: number | undefined;
      note: string;
    },
  ) {
    const venue = await this.venues.get(input.venueId);
    assertOfficialCovers(official, venue.regionCode);
    const inspection = await Inspection.create({
      venueId: venue._id,
      venueName: venue.name,
      regionCode: venue.regionCode,
      officialId: new mongoose.Types.ObjectId(official.officialId),
      officialUsername: official.username,
      result: input.result,
      rectifiedOnSite: input.rectifiedOnSite,
      ...(input.fineYuan === undefined ? {} : { fineYuan: input.fineYuan }),
      note: input.note,
    });
    return this.view(inspection.toObject() as InspectionDocument);
  }

  /** Newest first, for one venue or one district; a region-scoped official sees only their own. */
  async list(
    official: OfficialPrincipal,
    query: { venueId?: string | undefined; region?: string | undefined; limit: number },
  ) {
    if (query.region) assertOfficialCovers(official, query.region);
    const regionCode = official.regionCode ?? query.region;
    const filter = {
      ...(query.venueId ? { venueId: new mongoose.Types.ObjectId(query.venueId) } : {}),
      ...(regionCode ? { regionCode } : {}),
    };
    const found = await Inspection.find(filter).sort({ createdAt: -1 }).limit(query.limit).lean<InspectionDocument[]>();
    return found.map((inspection) => this.view(inspection));
  }

  private view(inspection: InspectionDocument) {
    return {
      id: String(inspection._id),
      venueId: String(inspection.venueId),
      venueName: inspection.venueName,
      regionCode: inspection.regionCode,
      regionName: this.reference.region(inspection.regionCode)?.name ?? inspection.regionCode,
      result: inspection.result,
      rectifiedOnSite: inspection.rectifiedOnSite,
      fineYuan: inspection.fineYuan ?? null,
      note: inspection.note,
      inspector: inspection.officialUsername,
      at: inspection.createdAt.toISOString(),
    };
  }
}

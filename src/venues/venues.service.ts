import mongoose from "mongoose";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import { maskPhone } from "../identity/masking.js";
import type { PersonalDataProtector } from "../identity/protection.js";
import type { ReferenceData } from "../reference/reference-data.js";
import { mintVenueCode, scanUrl } from "../venue-codes/codes.js";
import type { PosterContent } from "./printables.js";
import { Venue, type VenueDocument } from "./venue.model.js";
import type { VenueCache } from "./venue-cache.js";
import type { CreateVenueInput, UpdateVenueInput } from "./venues.schema.js";

export interface VenuesServiceOptions {
  protector: PersonalDataProtector;
  reference: ReferenceData;
  venueCache: VenueCache;
  codeSecret: Buffer;
  publicBaseUrl: string;
}

/** Lower-case, no spaces or punctuation: "王记 理发店" and "王记理发店。" are the same venue. */
function normalise(value: string): string {
  return value.toLowerCase().replace(/[\s\p{P}]/gu, "");
}

export class VenuesService {
  constructor(private readonly options: VenuesServiceOptions) {}

  /**
   * Registers a venue for a real-name owner, who becomes its owner and staff, with a fresh code.
   * The same owner submitting the same venue again gets 409 with the existing venue's id.
   */
  async register(ownerId: string, input: CreateVenueInput): Promise<VenueDocument> {
    const place = this.checkPlace(input.categoryId, input.regionCode, input.address, input.plateNumber);
    const dedupKey = `${normalise(input.name)}|${normalise(place.address ?? place.plateNumber ?? "")}`;
    const existing = await Venue.findOne({ ownerId, dedupKey }, { _id: 1 }).lean();
    if (existing) throw duplicateVenue(String(existing._id));
    try {
      const venue = await Venue.create({
        name: input.name,
        categoryId: input.categoryId,
        regionCode: input.regionCode,
        ...place,
        ...this.contactPhone(input.contactPhone),
        ownerId,
        staffIds: [ownerId],
        code: mintVenueCode(this.options.codeSecret),
        dedupKey,
      });
      return venue.toObject() as VenueDocument;
    } catch (error) {
      if ((error as { code?: number; keyPattern?: object }).code === 11000) {
        const raced = await Venue.findOne({ ownerId, dedupKey }, { _id: 1 }).lean();
        if (raced) throw duplicateVenue(String(raced._id));
      }
      throw error;
    }
  }

  async get(venueId: string): Promise<VenueDocument> {
    const venue = mongoose.isValidObjectId(venueId) ? await Venue.findById(venueId).lean<VenueDocument>() : null;
    if (!venue) throw new NotFoundError(`No venue ${venueId}`, "没有找到这个场所。", "VENUE_NOT_FOUND");
    return venue;
  }

  /** Venues the user owns or works at, newest first. */
  listFor(userId: string): Promise<VenueDocument[]> {
    return Venue.find({ staffIds: new mongoose.Types.ObjectId(userId) })
      .sort({ createdAt: -1 })
      .limit(200)
      .lean<VenueDocument[]>();
  }

  /** Changes a venue's details; its code stays the same. */
  async update(venue: VenueDocument, changes: UpdateVenueInput): Promise<VenueDocument> {
    const categoryId = changes.categoryId ?? venue.categoryId;
    const vehicle = this.options.reference.category(categoryId)?.vehicle;
    // Switching between a vehicle and a fixed place drops the field that no longer applies.
    const address = "address" in changes ? changes.address : vehicle ? undefined : (venue.address ?? undefined);
    const plateNumber =
      "plateNumber" in changes ? changes.plateNumber : vehicle ? (venue.plateNumber ?? undefined) : undefined;
    const place = this.checkPlace(categoryId, changes.regionCode ?? venue.regionCode, address, plateNumber);
    const name = changes.name ?? venue.name;
    const dedupKey = `${normalise(name)}|${normalise(place.address ?? place.plateNumber ?? "")}`;
    const clash = await Venue.findOne({ ownerId: venue.ownerId, dedupKey, _id: { $ne: venue._id } }, { _id: 1 }).lean();
    if (clash) throw duplicateVenue(String(clash._id));
    const updated = await Venue.findByIdAndUpdate(
      venue._id,
      {
        $set: {
          name,
          categoryId,
          regionCode: changes.regionCode ?? venue.regionCode,
          dedupKey,
          ...(changes.contactPhone ? this.contactPhone(changes.contactPhone) : {}),
          ...place,
        },
        $unset: place.address ? { plateNumber: 1 } : { address: 1 },
      },
      { returnDocument: "after" },
    ).lean<VenueDocument>();
    if (!updated) throw new NotFoundError(`No venue ${venue._id}`, "没有找到这个场所。", "VENUE_NOT_FOUND");
    await this.options.venueCache.forget([venue.code]);
    return updated;
  }

  /** Issues a new code for a lost or damaged poster; the old code then answers "revoked". */
  async reissueCode(venue: VenueDocument): Promise<VenueDocument> {
    const updated = await Venue.findOneAndUpdate(
      { _id: venue._id, code: venue.code },
      { $set: { code: mintVenueCode(this.options.codeSecret) }, $push: { revokedCodes: venue.code } },
      { returnDocument: "after" },
    ).lean<VenueDocument>();
    if (!updated) {
      throw new ConflictError(
        "CODE_CHANGED",
        "The code was reissued meanwhile; reload the venue",
        "场所码刚刚已更换，请刷新后查看。",
      );
    }
    await this.options.venueCache.forget([venue.code]);
    return updated;
  }

  /** Adds a staff member who may register visitors and watch the door screen. */
  async addStaff(venue: VenueDocument, userId: string): Promise<VenueDocument> {
    const updated = await Venue.findByIdAndUpdate(
      venue._id,
      { $addToSet: { staffIds: userId } },
      { returnDocument: "after" },
    ).lean<VenueDocument>();
    if (!updated) throw new NotFoundError(`No venue ${venue._id}`, "没有找到这个场所。", "VENUE_NOT_FOUND");
    return updated;
  }

  /** The venue as its owner and staff see it: everything, with the contact phone whole. */
  ownerView(venue: VenueDocument) {
    return { ...this.publicView(venue), contactPhone: this.options.protector.decrypt(venue.contactPhoneCipher) };
  }

  /** The venue as others see it: the contact phone masked. */
  publicView(venue: VenueDocument) {
    const { reference, publicBaseUrl } = this.options;
    return {
      id: String(venue._id),
      name: venue.name,
      categoryId: venue.categoryId,
      categoryName: reference.category(venue.categoryId)?.name ?? venue.categoryId,
      regionCode: venue.regionCode,
      regionName: reference.region(venue.regionCode)?.name ?? venue.regionCode,
      ...(venue.address ? { address: venue.address } : {}),
      ...(venue.plateNumber ? { plateNumber: venue.plateNumber } : {}),
      contactPhone: venue.contactPhoneMasked,
      code: venue.code,
      url: scanUrl(publicBaseUrl, venue.code),
      status: venue.status,
      staffCount: venue.staffIds.length,
      createdAt: venue.createdAt.toISOString(),
      updatedAt: venue.updatedAt.toISOString(),
    };
  }

  /** What the printed poster shows. */
  posterContent(venue: VenueDocument): PosterContent {
    const view = this.publicView(venue);
    return {
      cityName: this.options.reference.regions.city.name,
      venueName: view.name,
      categoryName: view.categoryName,
      regionName: view.regionName,
      place: view.address ?? `车牌 ${view.plateNumber ?? ""}`,
      url: view.url,
      code: view.code,
    };
  }

  private contactPhone(phone: string) {
    return { contactPhoneCipher: this.options.protector.encrypt(phone), contactPhoneMasked: maskPhone(phone) };
  }

  /** The category and region exist; vehicles have a plate and no address, other venues the reverse. */
  private checkPlace(categoryId: string, regionCode: string, address?: string, plateNumber?: string) {
    const { reference } = this.options;
    const category = reference.category(categoryId);
    const problems = [];
    if (!category) problems.push({ path: "categoryId", message: "unknown category; see GET /api/venue-categories" });
    if (!reference.region(regionCode))
      problems.push({ path: "regionCode", message: "unknown region; see GET /api/regions" });
    if (category?.vehicle) {
      if (!plateNumber) problems.push({ path: "plateNumber", message: `a ${category.name} needs its plate number` });
      if (address) problems.push({ path: "address", message: `a ${category.name} has a plate number, not an address` });
    } else if (category) {
      if (!address) problems.push({ path: "address", message: "a fixed venue needs its address" });
      if (plateNumber) problems.push({ path: "plateNumber", message: "only buses and taxis have plate numbers" });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    return category?.vehicle ? { plateNumber: plateNumber as string } : { address: address as string };
  }
}

function duplicateVenue(venueId: string): ConflictError {
  return new ConflictError(
    "VENUE_EXISTS",
    `You have already registered this venue (${venueId})`,
    "您已登记过这个场所，不用重复申领。",
    { venueId },
  );
}

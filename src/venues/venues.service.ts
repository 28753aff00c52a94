import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import {
  ConflictError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from "../errors.js";
import { maskPhone } from "../identity/masking.js";
import type { PersonalDataProtector } from "../identity/protection.js";
import { isDuplicateKey } from "../infra/mongo-errors.js";
import type { RateLimiter } from "../infra/rate-limiter.js";
import type { ReferenceData } from "../reference/reference-data.js";
import { mintVenueCode, scanUrl } from "../venue-codes/codes.js";
import type { PosterContent } from "./printables.js";
import { StaffInvite } from "./staff-invite.model.js";
import { Venue, type VenueDocument } from "./venue.model.js";
import type { CachedVenue, VenueCache } from "./venue-cache.js";
import type { CreateVenueInput, UpdateVenueInput, VenuePublicView } from "./venues.schema.js";

export interface VenuesServiceOptions {
  protector: PersonalDataProtector;
  reference: ReferenceData;
  venueCache: VenueCache;
  codeSecret: Buffer;
  publicBaseUrl: string;
  /** Counts over a day: registrations per owner, invitations per venue. */
  dailyLimiter: RateLimiter;
}

/**
 * Lower-case, no spaces or punctuation, full-width forms folded (NFKC): "王记 理发店", "王记理发店。"
 * and "王记理发店" at "人民路１８号" and "人民路18号" are the same venue.
 */
function normalise(value: string): string {
  return value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}]/gu, "");
}

type VenueScope = { regionCode?: string; categoryId?: string };

export class VenuesService {
  constructor(private readonly options: VenuesServiceOptions) {}

  /**
   * Registers a venue for a real-name owner, who becomes its owner and staff, with a fresh code.
   * The same owner submitting the same venue again gets 409 with the existing venue's id.
   */
  async register(ownerId: string, input: CreateVenueInput): Promise<VenueDocument> {
    const place = this.checkPlace(input.categoryId, input.regionCode, input.address, input.plateNumber);
    const dedupKey = `${normalise(input.name)}|${normalise(place.address ?? place.plateNumber ?? "")}`;
    await this.assertNotRegistered(dedupKey, ownerId);
    const decision = await this.options.dailyLimiter.consume([
      { key: `venue-register:${ownerId}`, limit: VENUES_PER_OWNER_PER_DAY },
    ]);
    if (!decision.allowed) {
      throw new RateLimitedError(
        "VENUE_REGISTER_LIMITED",
        `At most ${VENUES_PER_OWNER_PER_DAY} venues a day per owner`,
        `每天最多申领 ${VENUES_PER_OWNER_PER_DAY} 个场所码。如需更多，请联系工作人员。`,
        decision.retryAfterSeconds,
      );
    }
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
      if (isDuplicateKey(error)) {
        const raced = await Venue.findOne({ ownerId, dedupKey }, { _id: 1 }).lean();
        if (raced) throw duplicateVenue(String(raced._id));
      }
      throw error;
    }
  }

  /**
   * The same venue (name and address, or plate) is registered once: again by its owner → 409 with
   * its id; by someone else → 409 without (a copy could be posted at the real shop's door).
   */
  private async assertNotRegistered(dedupKey: string, ownerId: unknown, except?: mongoose.Types.ObjectId) {
    const existing = await Venue.findOne(
      { dedupKey, ...(except ? { _id: { $ne: except } } : {}) },
      { _id: 1, ownerId: 1 },
    ).lean();
    if (!existing) return;
    if (String(existing.ownerId) === String(ownerId)) throw duplicateVenue(String(existing._id));
    throw new ConflictError(
      "VENUE_TAKEN",
      "A venue with this name and address is already registered by someone else",
      "这个地址已经有同名场所登记了。如果您是新的负责人，请让原负责人邀请您为工作人员，或联系工作人员处理。",
    );
  }

  async get(venueId: string): Promise<VenueDocument> {
    const venue = mongoose.isValidObjectId(venueId) ? await Venue.findById(venueId).lean<VenueDocument>() : null;
    if (!venue) throw venueNotFound(venueId);
    return venue;
  }

  /** Venues the user owns or works at, newest first. */
  listFor(userId: string): Promise<VenueDocument[]> {
    return Venue.find({ staffIds: new mongoose.Types.ObjectId(userId) })
      .sort({ createdAt: -1 })
      .limit(200)
      .lean<VenueDocument[]>();
  }

  /**
   * The owner changes a venue's details; its code stays the same. The district is not the owner's
   * to change (statistics and officials' scopes follow it): an official does that (moveToRegion).
   */
  async update(venue: VenueDocument, changes: UpdateVenueInput): Promise<VenueDocument> {
    if (changes.regionCode && changes.regionCode !== venue.regionCode) {
      throw new ForbiddenError(
        "A venue's district is changed by an official (POST /api/venues/:id/region), not by its owner",
        "场所所在区域不能自行修改，如确需变更，请联系当地防疫或公安工作人员办理。",
        "REGION_CHANGE_NEEDS_OFFICIAL",
      );
    }
    const categoryId = changes.categoryId ?? venue.categoryId;
    const vehicle = this.options.reference.category(categoryId)?.vehicle;
    // Switching between a vehicle and a fixed place drops the field that no longer applies.
    const address = "address" in changes ? changes.address : vehicle ? undefined : (venue.address ?? undefined);
    const plateNumber =
      "plateNumber" in changes ? changes.plateNumber : vehicle ? (venue.plateNumber ?? undefined) : undefined;
    const place = this.checkPlace(categoryId, changes.regionCode ?? venue.regionCode, address, plateNumber);
    const name = changes.name ?? venue.name;
    const dedupKey = `${normalise(name)}|${normalise(place.address ?? place.plateNumber ?? "")}`;
    await this.assertNotRegistered(dedupKey, venue.ownerId, venue._id);
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
    if (!updated) throw venueNotFound(venue._id);
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

  /**
   * An official moves a venue to another district. Its past visits keep the district they were
   * made in: statistics and tracing of the past do not move with it.
   */
  async moveToRegion(venue: VenueDocument, regionCode: string): Promise<VenueDocument> {
    if (!this.options.reference.region(regionCode)) {
      throw new ValidationError([{ path: "regionCode", message: "unknown region; see GET /api/regions" }]);
    }
    const updated = await Venue.findByIdAndUpdate(
      venue._id,
      { $set: { regionCode } },
      { returnDocument: "after" },
    ).lean<VenueDocument>();
    if (!updated) throw venueNotFound(venue._id);
    await this.options.venueCache.forget([venue.code]);
    return updated;
  }

  /** An invitation to work at the venue, for the owner to show as a QR code or send as a link. */
  async inviteStaff(venue: VenueDocument, ownerId: string) {
    const decision = await this.options.dailyLimiter.consume([
      { key: `staff-invite:${String(venue._id)}`, limit: STAFF_INVITES_PER_DAY },
    ]);
    if (!decision.allowed) {
      throw new RateLimitedError(
        "STAFF_INVITE_LIMITED",
        `At most ${STAFF_INVITES_PER_DAY} invitations a day per venue`,
        `每个场所每天最多生成 ${STAFF_INVITES_PER_DAY} 个邀请。`,
        decision.retryAfterSeconds,
      );
    }
    const expiresAt = new Date(Date.now() + STAFF_INVITE_DAYS * 86_400_000);
    const code = inviteCode();
    await StaffInvite.create({ code, venueId: venue._id, invitedBy: ownerId, expiresAt });
    const url = `${this.options.publicBaseUrl}/i/${code}`;
    return { code, url, expiresAt: expiresAt.toISOString() };
  }

  /** A real-name resident accepts an invitation and becomes staff; the invitation is used up. */
  async acceptStaffInvite(code: string, userId: string): Promise<VenueDocument> {
    const notFound = () =>
      new NotFoundError(
        "No such invitation: it is wrong, used or expired",
        "邀请码无效、已使用或已过期，请让场所负责人重新生成。",
        "STAFF_INVITE_NOT_FOUND",
      );
    const invite = await StaffInvite.findOne({ code, expiresAt: { $gt: new Date() } }).lean();
    if (!invite) throw notFound();
    // Someone already working there (the owner trying the link, a double scan) leaves it for the person it is for.
    const venue = await Venue.findById(invite.venueId, { ownerId: 1, staffIds: 1 }).lean<VenueDocument>();
    if (!venue) throw venueNotFound(invite.venueId);
    if (String(venue.ownerId) === userId || venue.staffIds.some((id) => String(id) === userId)) {
      throw new ConflictError(
        "ALREADY_AT_VENUE",
        "You already work at this venue; the invitation is kept for someone else",
        "您已经是这个场所的负责人或工作人员，这个邀请留给其他人使用。",
      );
    }
    if (!(await StaffInvite.findOneAndDelete({ _id: invite._id }).lean())) throw notFound();
    const updated = await Venue.findByIdAndUpdate(
      invite.venueId,
      { $addToSet: { staffIds: new mongoose.Types.ObjectId(userId) } },
      { returnDocument: "after" },
    ).lean<VenueDocument>();
    if (!updated) throw venueNotFound(invite.venueId);
    return updated;
  }

  /** Takes a staff member off the venue (not its owner). */
  async removeStaff(venue: VenueDocument, staffId: string): Promise<VenueDocument> {
    if (String(venue.ownerId) === staffId) {
      throw new ConflictError("OWNER_IS_STAFF", "The owner always works at the venue", "场所负责人不能移除自己。");
    }
    if (!venue.staffIds.some((id) => String(id) === staffId)) {
      throw new NotFoundError(`No staff member ${staffId} at this venue`, "没有找到这位工作人员。", "STAFF_NOT_FOUND");
    }
    const updated = await Venue.findByIdAndUpdate(
      venue._id,
      { $pull: { staffIds: new mongoose.Types.ObjectId(staffId) } },
      { returnDocument: "after" },
    ).lean<VenueDocument>();
    if (!updated) throw venueNotFound(venue._id);
    return updated;
  }

  /** The venue as its owner and staff see it: everything, with the contact phone whole. */
  ownerView(venue: VenueDocument): VenuePublicView {
    return { ...this.publicView(venue), contactPhone: this.options.protector.decrypt(venue.contactPhoneCipher) };
  }

  /** The venue as others see it: the contact phone masked. */
  publicView(venue: VenueDocument): VenuePublicView {
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
      status: venue.status as "active",
      staffCount: venue.staffIds.length,
      createdAt: venue.createdAt.toISOString(),
      updatedAt: venue.updatedAt.toISOString(),
    };
  }

  /** What the printed poster shows (from the venue, or its cached entry when printed by code). */
  posterContent(venue: CachedVenue, code: string): PosterContent {
    const { reference, publicBaseUrl } = this.options;
    return {
      cityName: reference.regions.city.name,
      venueName: venue.name,
      categoryName: reference.category(venue.categoryId)?.name ?? venue.categoryId,
      regionName: reference.region(venue.regionCode)?.name ?? venue.regionCode,
      place: venue.address ?? `车牌 ${venue.plateNumber ?? ""}`,
      url: scanUrl(publicBaseUrl, code),
      code,
    };
  }

  /** A venue by its current or an earlier code, or by id (as officials name places in an event). */
  findByCodeOrId(place: { code?: string | undefined; venueId?: string | undefined }): Promise<VenueDocument | null> {
    if (place.code)
      return Venue.findOne({ $or: [{ code: place.code }, { revokedCodes: place.code }] }).lean<VenueDocument>();
    if (place.venueId && mongoose.isValidObjectId(place.venueId))
      return Venue.findById(place.venueId).lean<VenueDocument>();
    return Promise.resolve(null);
  }

  /** Whether the user owns a venue, and whether they work at one they do not own. */
  async rolesOf(userId: mongoose.Types.ObjectId | string): Promise<{ owner: boolean; staff: boolean }> {
    const [owns, staffs] = await Promise.all([
      Venue.exists({ ownerId: userId }),
      Venue.exists({ staffIds: userId, ownerId: { $ne: userId } }),
    ]);
    return { owner: Boolean(owns), staff: Boolean(owns || staffs) };
  }

  /** Venues registered, counted per district or category, within a scope. */
  countBy(field: "regionCode" | "categoryId", scope: VenueScope) {
    return Venue.aggregate<{ _id: string; n: number }>([
      { $match: scope },
      { $group: { _id: `$${field}`, n: { $sum: 1 } } },
    ]);
  }

  /**
   * Venues whose name (or address, or plate) contains `text`, in a scope, a page at a time, by name.
   * The text is matched literally (escaped), never as a pattern or an operator.
   */
  async search(text: string, scope: VenueScope, page: number, perPage: number) {
    const literal = text.normalize("NFKC").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const contains = { $regex: literal, $options: "i" };
    const filter = {
      ...scope,
      ...(literal ? { $or: [{ name: contains }, { address: contains }, { plateNumber: contains }] } : {}),
    };
    const [total, venues] = await Promise.all([
      Venue.countDocuments(filter),
      Venue.find(filter)
        .sort({ name: 1, _id: 1 })
        .skip((page - 1) * perPage)
        .limit(perPage)
        .lean<VenueDocument[]>(),
    ]);
    return { total, venues };
  }

  /** A venue as officials' lists show it. */
  listingView(venue: VenueDocument) {
    const { reference } = this.options;
    return {
      id: String(venue._id),
      name: venue.name,
      categoryName: reference.category(venue.categoryId)?.name ?? venue.categoryId,
      regionName: reference.region(venue.regionCode)?.name ?? venue.regionCode,
      address: venue.address ?? venue.plateNumber ?? "",
    };
  }

  /** A venue's contact phone in full, for officials who must call it (their route audits it). */
  contactPhoneOf(venue: VenueDocument): string {
    return this.options.protector.decrypt(venue.contactPhoneCipher);
  }

  /** Venues in a scope other than `except`, oldest first, and how many there are. */
  async listExcept(scope: VenueScope, except: mongoose.Types.ObjectId[], limit: number) {
    const filter = { ...scope, _id: { $nin: except } };
    const [total, venues] = await Promise.all([
      Venue.countDocuments(filter),
      Venue.find(filter).sort({ createdAt: 1 }).limit(limit).lean<VenueDocument[]>(),
    ]);
    return { total, venues };
  }

  private contactPhone(phone: string) {
    return { contactPhoneCipher: this.options.protector.encrypt(phone), contactPhoneMasked: maskPhone(phone) };
  }

  /** The category and region exist; vehicles have a plate and no address, other venues the reverse. */
  private checkPlace(categoryId: string, regionCode: string, address?: string, plateNumber?: string) {
    const { reference } = this.options;
    const category = reference.category(categoryId);
    const problems: FieldProblem[] = [];
    if (!category) problems.push({ path: "categoryId", message: "unknown category; see GET /api/venue-categories" });
    if (!reference.region(regionCode))
      problems.push({ path: "regionCode", message: "unknown region; see GET /api/regions" });
    if (category?.vehicle) {
      if (!plateNumber)
        problems.push({
          path: "plateNumber",
          message: `a ${category.name} needs its plate number`,
          userMessage: `车牌号：${category.name}请填写车牌号，如苏J12345`,
        });
      if (address)
        problems.push({
          path: "address",
          message: `a ${category.name} has a plate number, not an address`,
          userMessage: `详细地址：${category.name}不填地址，请填写车牌号`,
        });
    } else if (category) {
      if (!address) problems.push({ path: "address", message: "a fixed venue needs its address" });
      if (plateNumber)
        problems.push({
          path: "plateNumber",
          message: "only buses and taxis have plate numbers",
          userMessage: "车牌号：只有公交车、出租车填写车牌号，其他场所请填写详细地址",
        });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    return category?.vehicle ? { plateNumber: plateNumber as string } : { address: address as string };
  }
}

/** Invitations are valid this long. */
export const STAFF_INVITE_DAYS = 3;
export const STAFF_INVITES_PER_DAY = 20;
/** Venues one owner may register in a day (a chain registers its shops over days, or with officials' help). */
export const VENUES_PER_OWNER_PER_DAY = 5;
/** Letters and digits people cannot confuse when typing one from a screen (no I, l, 1, O, 0). */
const INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** 10 characters of 32: 50 bits, beyond guessing within an invitation's few days. */
function inviteCode(): string {
  return Array.from(randomBytes(10), (byte) => INVITE_ALPHABET[byte % INVITE_ALPHABET.length]).join("");
}

function venueNotFound(venueId: unknown): NotFoundError {
  return new NotFoundError(`No venue ${String(venueId)}`, "没有找到这个场所。", "VENUE_NOT_FOUND");
}

function duplicateVenue(venueId: string): ConflictError {
  return new ConflictError(
    "VENUE_EXISTS",
    `You have already registered this venue (${venueId})`,
    "您已登记过这个场所，不用重复申领。",
    { venueId },
  );
}

import mongoose from "mongoose";
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, ValidationError } from "../errors.js";
import { protectPerson } from "../identity/person.js";
import type { PersonalDataProtector } from "../identity/protection.js";
import type { IdentityVerifier } from "../identity/verifier.js";
import { isDuplicateKey } from "../infra/mongo-errors.js";
import type { RateLimiter } from "../infra/rate-limiter.js";
import type { UsersService } from "../users/users.service.js";
import { Companion, type CompanionDocument, type ConsentState } from "./companion.model.js";
import type { AddCompanionInput, CompanionView } from "./companions.schema.js";
import type { CompanionRelation } from "./relations.js";

export const MAX_COMPANIONS = 10;
/** New companions one resident may add in a day: a family's, not a crowd's. */
export const NEW_COMPANIONS_PER_DAY = 3;
/** Tries at adding one (each asks the real-name service), typos included. */
const COMPANION_ATTEMPTS_PER_DAY = 10;

export interface CompanionsServiceOptions {
  protector: PersonalDataProtector;
  verifier: IdentityVerifier;
  users: UsersService;
  /** Counts over a day (RateLimiter with a 24-hour window). */
  dailyLimiter: RateLimiter;
}

export class CompanionsService {
  constructor(private readonly o: CompanionsServiceOptions) {}

  /**
   * Adds a person without a phone. The real-name service checks the name; the scanner cannot add
   * themselves; a person with a verified account of their own must consent before being used.
   */
  async add(ownerUserId: string, input: AddCompanionInput): Promise<CompanionDocument> {
    const owner = await this.o.users.get(ownerUserId);
    const idHash = this.o.protector.hash(input.idNumber);
    if (owner.identity?.idHash === idHash) {
      throw new ConflictError(
        "COMPANION_IS_YOU",
        "Your own identity number cannot be your companion",
        "不能把自己添加为随行人员。",
      );
    }
    if ((await Companion.countDocuments({ ownerUserId })) >= MAX_COMPANIONS) {
      throw new ConflictError(
        "TOO_MANY_COMPANIONS",
        `A resident may register at most ${MAX_COMPANIONS} companions`,
        `最多可以添加 ${MAX_COMPANIONS} 位随行人员，请先删除不再需要的。`,
      );
    }
    if (await Companion.exists({ ownerUserId, idHash })) throw companionExists();
    const today = await this.addedToday(ownerUserId);
    if (today.count >= NEW_COMPANIONS_PER_DAY) throw addLimited(today.retryAfterSeconds);
    const attempts = await this.o.dailyLimiter.consume([
      { key: `companion-add:${ownerUserId}`, limit: COMPANION_ATTEMPTS_PER_DAY },
    ]);
    if (!attempts.allowed) throw addLimited(attempts.retryAfterSeconds);
    await this.o.verifier.verify(input);
    const holder = await this.o.users.verifiedHolderOf(idHash);
    let companion: CompanionDocument;
    try {
      const created = await Companion.create({
        ownerUserId,
        ...protectPerson(this.o.protector, { name: input.name, idNumber: input.idNumber }),
        relation: input.relation,
        consent: holder ? "pending" : "not-needed",
        ...(holder ? { holderUserId: holder._id } : {}),
      });
      companion = created.toObject() as CompanionDocument;
    } catch (error) {
      if (isDuplicateKey(error)) throw companionExists();
      throw error;
    }
    // Counted again once written, in Redis, where deleting a companion does not give its place back
    // (else delete-and-add would look up anyone's colour without end). Of several added at once, the
    // count's order decides which stay: the first ones up to the day's allowance. Only when Redis
    // could not count do the companions written today decide, in the order they were written.
    const added = await this.o.dailyLimiter.consume([
      { key: `companion-added:${ownerUserId}`, limit: NEW_COMPANIONS_PER_DAY },
    ]);
    const within = added.allowed && added.uncounted ? await this.addedToday(ownerUserId, companion._id) : undefined;
    if (!added.allowed || (within && within.count > NEW_COMPANIONS_PER_DAY)) {
      await Companion.deleteOne({ _id: companion._id });
      throw addLimited(added.allowed ? (within?.retryAfterSeconds ?? 1) : added.retryAfterSeconds);
    }
    return companion;
  }

  /**
   * Companions added in the last 24 hours (up to `upTo`, in the order they were written), and when
   * the oldest of them leaves that window.
   */
  private async addedToday(
    ownerUserId: string,
    upTo?: mongoose.Types.ObjectId,
  ): Promise<{ count: number; retryAfterSeconds: number }> {
    const recent = await Companion.find(
      {
        ownerUserId,
        createdAt: { $gte: new Date(Date.now() - 86_400_000) },
        ...(upTo ? { _id: { $lte: upTo } } : {}),
      },
      { createdAt: 1 },
    )
      .sort({ createdAt: 1 })
      .lean<{ createdAt: Date }[]>();
    const oldest = recent[0]?.createdAt.getTime() ?? Date.now();
    return {
      count: recent.length,
      retryAfterSeconds: Math.max(1, Math.ceil((oldest + 86_400_000 - Date.now()) / 1000)),
    };
  }

  list(ownerUserId: string): Promise<CompanionDocument[]> {
    return Companion.find({ ownerUserId }).sort({ createdAt: 1 }).lean<CompanionDocument[]>();
  }

  async remove(ownerUserId: string, companionId: string): Promise<void> {
    const removed = mongoose.isValidObjectId(companionId)
      ? await Companion.findOneAndDelete({ _id: companionId, ownerUserId })
      : null;
    if (!removed) {
      throw new NotFoundError(`No companion ${companionId} of yours`, "没有找到这位随行人员。", "COMPANION_NOT_FOUND");
    }
  }

  /**
   * The companions picked for a scan; any id that is not the scanner's is refused, and so is a
   * person who has (or has since made) an account of their own and has not consented.
   */
  async pick(ownerUserId: string, companionIds: string[]): Promise<CompanionDocument[]> {
    if (companionIds.length === 0) return [];
    const unique = [...new Set(companionIds)];
    if (unique.some((id) => !mongoose.isValidObjectId(id))) {
      throw new ValidationError([
        { path: "companionIds", message: "expected companion ids from GET /api/me/companions" },
      ]);
    }
    const found = await Companion.find({ _id: { $in: unique }, ownerUserId }).lean<CompanionDocument[]>();
    if (found.length !== unique.length) {
      throw new ForbiddenError("Some of these companions are not yours");
    }
    const holders = await this.o.users.verifiedHoldersOf(found.map((companion) => companion.idHash));
    for (const companion of found) {
      await this.reconcileConsent(companion, holders.get(companion.idHash)?.userId);
      if (companion.consent === "pending" || companion.consent === "declined") {
        throw new ConflictError(
          "COMPANION_CONSENT_MISSING",
          `Companion ${companion._id} has an account of their own and has not agreed to be checked in by you`,
          `${companion.nameMasked} 有自己的实名账号，需要本人在小程序或聊天机器人里同意后，才能作为您的随行人员登记。`,
          { companionId: String(companion._id), consent: companion.consent },
        );
      }
    }
    return found;
  }

  /**
   * Consent belongs to whoever holds the identity now: a person who verified an account since they
   * were added must agree first, and an agreement given by an account that no longer holds the
   * number (after a correction or a granted claim) counts for nothing.
   */
  private async reconcileConsent(companion: CompanionDocument, holderUserId: string | undefined): Promise<void> {
    const current = companion.holderUserId ? String(companion.holderUserId) : undefined;
    if (current === holderUserId) return;
    const consent: ConsentState = holderUserId ? "pending" : "not-needed";
    companion.consent = consent;
    companion.holderUserId = holderUserId ? new mongoose.Types.ObjectId(holderUserId) : null;
    await Companion.updateOne(
      { _id: companion._id },
      holderUserId ? { $set: { consent, holderUserId } } : { $set: { consent }, $unset: { holderUserId: 1 } },
    );
  }

  /**
   * Requests to check the resident in as someone else's companion: those waiting for an answer,
   * and those agreed to (which the resident may still withdraw).
   */
  async requestsFor(holderUserId: string) {
    const pending = await Companion.find({ holderUserId, consent: { $in: ["pending", "given"] } })
      .sort({ createdAt: 1 })
      .lean<CompanionDocument[]>();
    const adders = await Promise.all(pending.map((c) => this.o.users.get(String(c.ownerUserId)).catch(() => null)));
    return pending.map((companion, i) => ({
      id: String(companion._id),
      /** Who asks, as their real name is masked (the one detail the holder needs to recognise them). */
      requestedBy: adders[i]?.identity?.nameMasked ?? "未实名用户",
      relation: companion.relation,
      consent: companion.consent as "pending" | "given",
      createdAt: companion.createdAt.toISOString(),
    }));
  }

  /** The person answers a request: only they (the holder of the identity) may. */
  async answer(holderUserId: string, companionId: string, decision: "accept" | "decline"): Promise<ConsentState> {
    const consent: ConsentState = decision === "accept" ? "given" : "declined";
    const updated = mongoose.isValidObjectId(companionId)
      ? await Companion.findOneAndUpdate(
          { _id: companionId, holderUserId, consent: { $in: ["pending", "given", "declined"] } },
          { $set: { consent } },
          { returnDocument: "after" },
        ).lean<CompanionDocument>()
      : null;
    if (!updated) {
      throw new NotFoundError(
        `No companion request ${companionId} for you`,
        "没有找到这条随行请求。",
        "COMPANION_REQUEST_NOT_FOUND",
      );
    }
    return consent;
  }

  view(companion: CompanionDocument): CompanionView {
    return {
      id: String(companion._id),
      name: companion.nameMasked,
      idNumber: companion.idMasked,
      relation: companion.relation as CompanionRelation,
      consent: companion.consent as ConsentState,
      createdAt: companion.createdAt.toISOString(),
    };
  }
}

function addLimited(retryAfterSeconds: number): RateLimitedError {
  return new RateLimitedError(
    "COMPANION_ADD_LIMITED",
    `At most ${NEW_COMPANIONS_PER_DAY} new companions (and ${COMPANION_ATTEMPTS_PER_DAY} attempts) a day`,
    `今天添加的随行人员已经达到上限（每天最多 ${NEW_COMPANIONS_PER_DAY} 位新的），请过一段时间再试。`,
    retryAfterSeconds,
  );
}

function companionExists(): ConflictError {
  return new ConflictError(
    "COMPANION_EXISTS",
    "This person is already one of your companions",
    "这位随行人员已经添加过了。",
  );
}

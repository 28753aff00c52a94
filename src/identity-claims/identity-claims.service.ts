import mongoose from "mongoose";
import type { AuditLog } from "../audit/audit.service.js";
import type { OfficialPrincipal } from "../auth/principal.js";
import { ConflictError, NotFoundError } from "../errors.js";
import type { HealthCodesService } from "../health-codes/health-codes.service.js";
import { maskIdNumber } from "../identity/masking.js";
import { protectPerson } from "../identity/person.js";
import type { PersonalDataProtector } from "../identity/protection.js";
import type { IdentityVerifier } from "../identity/verifier.js";
import { isDuplicateKey } from "../infra/mongo-errors.js";
import type { NotificationsService } from "../notifications/notifications.service.js";
import type { UsersService } from "../users/users.service.js";
import type { VisitsService } from "../visits/visits.service.js";
import { type CLAIM_STATUSES, IdentityClaim, type IdentityClaimDocument } from "./identity-claim.model.js";
import type { ClaimView, CorrectionInput, FileClaimInput } from "./identity-claims.schema.js";

export interface IdentityClaimsServiceOptions {
  protector: PersonalDataProtector;
  verifier: IdentityVerifier;
  users: UsersService;
  visits: VisitsService;
  notifications: NotificationsService;
  healthCodes: HealthCodesService;
  audit: AuditLog;
}

/**
 * Who holds an identity number, when that is in question, decided by officials: a resident's
 * claim to a number verified on another account, and corrections of a mistyped number. Every
 * decision is audited; nothing changes before one is made.
 */
export class IdentityClaimsService {
  constructor(private readonly o: IdentityClaimsServiceOptions) {}

  /** A resident whose identity number is held by another account asks an official to review it. */
  async file(claimantUserId: string, input: FileClaimInput) {
    const claimant = await this.o.users.get(claimantUserId);
    if (claimant.identity) {
      throw new ConflictError(
        "IDENTITY_LOCKED",
        "This account already has a verified identity",
        "您的账号已经完成实名认证，不能再申诉其他身份证号。",
      );
    }
    const idHash = this.o.protector.hash(input.idNumber);
    const holder = await this.o.users.verifiedHolderOf(idHash);
    if (!holder) {
      throw new ConflictError(
        "IDENTITY_NOT_HELD",
        "No other account holds this identity number; verify it directly (PUT /api/me/identity)",
        "这个身份证号没有被其他账号使用，请直接完成实名认证。",
      );
    }
    await this.o.verifier.verify(input);
    try {
      const claim = await IdentityClaim.create({
        claimantUserId,
        holderUserId: holder._id,
        ...protectPerson(this.o.protector, input),
        note: input.note,
      });
      return this.view(claim.toObject() as IdentityClaimDocument);
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new ConflictError(
          "CLAIM_PENDING",
          "You already have a claim waiting for an official",
          "您已经提交过申诉，请等待工作人员处理。",
        );
      }
      throw error;
    }
  }

  async list(status: (typeof CLAIM_STATUSES)[number], limit: number) {
    const claims = await IdentityClaim.find({ status })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<IdentityClaimDocument[]>();
    return claims.map((claim) => this.view(claim));
  }

  /**
   * An official decides a claim. Granted: the identity leaves the account that held it (which
   * keeps everything else) and is verified on the claimant's. Either way the decision is audited.
   */
  async resolve(official: OfficialPrincipal, claimId: string, decision: "grant" | "reject", reason: string) {
    const claim = mongoose.isValidObjectId(claimId)
      ? await IdentityClaim.findOne({ _id: claimId, status: "pending" }).lean<IdentityClaimDocument>()
      : null;
    if (!claim) {
      throw new NotFoundError(`No pending claim ${claimId}`, "没有找到待处理的申诉。", "CLAIM_NOT_FOUND");
    }
    if (decision === "grant") {
      // The claimant verified another number meanwhile: an identity is permanent, so the claim cannot be granted.
      if ((await this.o.users.get(String(claim.claimantUserId))).identity) {
        throw new ConflictError(
          "CLAIMANT_VERIFIED",
          "The claimant has since verified another identity number; reject this claim",
          "申诉人已用其他身份证号完成实名认证，不能再给予此身份，请驳回这条申诉。",
        );
      }
      const person = this.personOf(claim);
      await this.o.users.revokeIdentity(String(claim.holderUserId), claim.idHash);
      await this.o.users.replaceIdentity(String(claim.claimantUserId), person);
    }
    const status = decision === "grant" ? "granted" : "rejected";
    await IdentityClaim.updateOne(
      { _id: claim._id },
      { $set: { status, resolvedBy: official.officialId, resolvedAt: new Date(), reason } },
    );
    await this.o.audit.record(official, `identity-claim.${decision}`, { claimId, idNumber: claim.idMasked, reason }, 1);
    return { id: claimId, status };
  }

  /**
   * An official corrects a verified resident's identity (a typo at verification). The person's
   * own visits, open alerts and health-code colour follow them to the corrected number.
   */
  async correct(official: OfficialPrincipal, input: CorrectionInput) {
    const fromHash = this.o.protector.hash(input.idNumber);
    await this.o.healthCodes.assertMayActOn(official, fromHash);
    const holder = await this.o.users.verifiedHolderOf(fromHash);
    if (!holder) {
      throw new NotFoundError(
        "No account is verified with this identity number",
        "没有找到用这个身份证号实名认证的账号。",
        "IDENTITY_NOT_FOUND",
      );
    }
    const phone = holder.identity.phoneCipher ? this.o.protector.decrypt(holder.identity.phoneCipher) : undefined;
    const corrected = { name: input.correctName, idNumber: input.correctIdNumber, ...(phone ? { phone } : {}) };
    const userId = String(holder._id);
    await this.o.users.replaceIdentity(userId, corrected).catch((error: unknown) => {
      if (!(error instanceof ConflictError && error.code === "IDENTITY_IN_USE")) throw error;
      throw new ConflictError(
        "IDENTITY_IN_USE",
        "The corrected number is verified on another account; look into that account first",
        "更正后的身份证号已在另一个账号实名认证，请先核实那个账号（必要时按申诉处理）。",
      );
    });
    const to = protectPerson(this.o.protector, corrected);
    if (to.idHash !== fromHash) {
      await this.o.visits.rekeyOwnVisits(userId, fromHash, to);
      await this.o.notifications.rekeyPerson(userId, fromHash, to.idHash);
      await this.o.healthCodes.carryOver(official, holder.identity, to);
    }
    await this.o.audit.record(
      official,
      "identity.correct",
      { from: maskIdNumber(input.idNumber), to: to.idMasked, reason: input.reason },
      1,
    );
    return { userId, identity: { name: to.nameMasked, idNumber: to.idMasked } };
  }

  private personOf(claim: IdentityClaimDocument) {
    const { protector } = this.o;
    return {
      name: protector.decrypt(claim.nameCipher),
      idNumber: protector.decrypt(claim.idCipher),
      ...(claim.phoneCipher ? { phone: protector.decrypt(claim.phoneCipher) } : {}),
    };
  }

  private view(claim: IdentityClaimDocument): ClaimView {
    return {
      id: String(claim._id),
      status: claim.status as ClaimView["status"],
      person: { name: claim.nameMasked, idNumber: claim.idMasked },
      note: claim.note,
      createdAt: claim.createdAt.toISOString(),
    };
  }
}

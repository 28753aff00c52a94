import mongoose from "mongoose";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { protectPerson } from "../identity/person.js";
import type { PersonalDataProtector } from "../identity/protection.js";
import { Companion, type CompanionDocument } from "./companion.model.js";
import type { AddCompanionInput } from "./companions.schema.js";

export const MAX_COMPANIONS = 10;

export class CompanionsService {
  constructor(private readonly protector: PersonalDataProtector) {}

  async add(ownerUserId: string, input: AddCompanionInput): Promise<CompanionDocument> {
    if ((await Companion.countDocuments({ ownerUserId })) >= MAX_COMPANIONS) {
      throw new ConflictError(
        "TOO_MANY_COMPANIONS",
        `A resident may register at most ${MAX_COMPANIONS} companions`,
        `最多可以添加 ${MAX_COMPANIONS} 位随行人员，请先删除不再需要的。`,
      );
    }
    try {
      const companion = await Companion.create({
        ownerUserId,
        ...protectPerson(this.protector, { name: input.name, idNumber: input.idNumber }),
        relation: input.relation,
      });
      return companion.toObject() as CompanionDocument;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) {
        throw new ConflictError(
          "COMPANION_EXISTS",
          "This person is already one of your companions",
          "这位随行人员已经添加过了。",
        );
      }
      throw error;
    }
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

  /** The companions picked for a scan; any id that is not the scanner's is refused. */
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
    return found;
  }

  view(companion: CompanionDocument) {
    return {
      id: String(companion._id),
      name: companion.nameMasked,
      idNumber: companion.idMasked,
      relation: companion.relation,
      createdAt: companion.createdAt.toISOString(),
    };
  }
}

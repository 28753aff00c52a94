import mongoose from "mongoose";
import { ForbiddenError, NotFoundError } from "../errors.js";
import type { ProtectedPerson } from "../identity/person.js";
import { visitView } from "../scans/scans.service.js";
import { Visit, type VisitDocument } from "./visit.model.js";

export class VisitsService {
  /** Whether the person (keyed hash) has a visit recorded in the district (within retention). */
  async wasSeenIn(personHash: string, regionCode: string): Promise<boolean> {
    return Boolean(await Visit.exists({ personHash, regionCode }));
  }

  /**
   * After an official corrected a resident's identity number, the visits they scanned for
   * themselves are theirs under the corrected number, so tracing finds them.
   */
  async rekeyOwnVisits(userId: string, fromHash: string, to: ProtectedPerson): Promise<number> {
    const moved = await Visit.updateMany(
      { userId, source: "scan", personHash: fromHash },
      { $set: { personHash: to.idHash, personIdCipher: to.idCipher, personNameMasked: to.nameMasked } },
    );
    return moved.modifiedCount;
  }

  /** The resident's own visits and their companions', newest first. */
  async listMine(userId: string, options: { limit: number; before?: Date | undefined }) {
    const visits = await Visit.find({
      userId,
      source: { $in: ["scan", "companion"] },
      ...(options.before ? { checkInAt: { $lt: options.before } } : {}),
    })
      .sort({ checkInAt: -1 })
      .limit(options.limit)
      .lean<VisitDocument[]>();
    return visits.map(visitView);
  }

  /** Ends a visit now (离开); checking out twice, or after it ended, changes nothing. */
  async checkout(userId: string, visitId: string) {
    const visit = mongoose.isValidObjectId(visitId) ? await Visit.findById(visitId).lean<VisitDocument>() : null;
    if (!visit) throw new NotFoundError(`No visit ${visitId}`, "没有找到这条到访记录。", "VISIT_NOT_FOUND");
    if (String(visit.userId) !== userId || visit.source === "manual")
      throw new ForbiddenError("Only the person who checked in may check out");
    const now = new Date();
    const updated = await Visit.findOneAndUpdate(
      { _id: visit._id, endAt: { $gt: now } },
      { $set: { endAt: now, endedBy: "checkout" } },
      { returnDocument: "after" },
    ).lean<VisitDocument>();
    return visitView(updated ?? visit);
  }

  /** What the door screen shows: recent entries at a venue, masked, with pass colours. */
  async recentAtVenue(venueId: string, limit: number) {
    const visits = await Visit.find({ venueId }).sort({ checkInAt: -1 }).limit(limit).lean<VisitDocument[]>();
    return visits.map((visit) => ({
      visitId: String(visit._id),
      personName: visit.personNameMasked,
      source: visit.source,
      passStatus: visit.passStatus,
      flagged: visit.passStatus !== "green",
      checkInAt: visit.checkInAt.toISOString(),
    }));
  }
}

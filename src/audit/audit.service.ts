import type { OfficialPrincipal } from "../auth/principal.js";
import { AuditRecord } from "./audit.model.js";
import { readable } from "./audit-readable.js";

export class AuditLog {
  async record(
    official: OfficialPrincipal,
    action: string,
    query: Record<string, unknown>,
    peopleTouched: number,
  ): Promise<void> {
    await AuditRecord.create({
      officialId: official.officialId,
      username: official.username,
      action,
      query,
      peopleTouched,
    });
  }

  async list(limit: number) {
    const records = await AuditRecord.find().sort({ at: -1 }).limit(limit).lean();
    return records.map((r) => ({
      id: String(r._id),
      username: r.username,
      action: r.action,
      ...readable(r.action, r.query ?? {}, r.at),
      query: r.query,
      peopleTouched: r.peopleTouched,
      at: r.at.toISOString(),
    }));
  }
}

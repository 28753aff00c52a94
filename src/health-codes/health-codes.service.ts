import type { AuditLog } from "../audit/audit.service.js";
import type { OfficialPrincipal } from "../auth/principal.js";
import { ForbiddenError } from "../errors.js";
import { maskIdNumber } from "../identity/masking.js";
import type { PersonalDataProtector } from "../identity/protection.js";
import type { VisitsService } from "../visits/visits.service.js";
import { COLOUR_SEVERITY, type HealthCodeColour } from "./colours.js";
import type { HealthCodeProvider, HealthCodeSubject } from "./providers.js";

/**
 * Changes to people's health-code colours: who may make them, through the provider, and the trace
 * each one leaves in the audit log.
 */
export class HealthCodesService {
  constructor(
    private readonly o: {
      provider: HealthCodeProvider;
      protector: PersonalDataProtector;
      audit: AuditLog;
      visits: VisitsService;
    },
  ) {}

  /**
   * An official sets a person's colour, with a reason. Administrators may for anyone; a health
   * official limited to a district only for people whose visits fall in it.
   */
  async setColour(official: OfficialPrincipal, input: { idNumber: string; color: HealthCodeColour; reason: string }) {
    const idHash = this.o.protector.hash(input.idNumber);
    await this.assertMayActOn(official, idHash);
    const { updatedAt, previous } = await this.o.provider.set(idHash, input.color, official.officialId);
    const idNumber = maskIdNumber(input.idNumber);
    await this.o.audit.record(
      official,
      "health-code.set",
      { idNumber, color: input.color, previous, reason: input.reason },
      1,
    );
    return { idNumber, color: input.color, previous, updatedAt: updatedAt.toISOString() };
  }

  /**
   * After an identity number was corrected, the person's colour follows them: the corrected number
   * is given the old number's colour when that one is worse. (A provincial provider keys colours by
   * the number itself, so there is nothing to carry.)
   */
  async carryOver(official: OfficialPrincipal, from: HealthCodeSubject, to: HealthCodeSubject): Promise<void> {
    const readings = await this.o.provider.read([from, to]);
    const old = readings.get(from.idHash);
    const now = readings.get(to.idHash);
    if (!old?.available || !now?.available) return;
    if (COLOUR_SEVERITY[old.colour] <= COLOUR_SEVERITY[now.colour]) return;
    await this.o.provider.set(to.idHash, old.colour, official.officialId).catch((error: { code?: string }) => {
      if (error.code !== "HEALTH_CODES_EXTERNAL") throw error;
    });
  }

  /** A district-limited health official acts only on people seen in their district. */
  async assertMayActOn(official: OfficialPrincipal, idHash: string): Promise<void> {
    if (official.role === "admin" || !official.regionCode) return;
    if (await this.o.visits.wasSeenIn(idHash, official.regionCode)) return;
    throw new ForbiddenError(
      `This official's scope is region ${official.regionCode}, and this person has no visit there`,
      "此人在您负责的区域没有到访记录，请联系对应区域或市级工作人员办理。",
    );
  }
}

import { z } from "zod";
import { COLOUR_SEVERITY, HEALTH_CODE_COLOURS } from "../health-codes/colours.js";
import type { HealthCodeReading } from "../health-codes/providers.js";
import { named } from "../http/named.js";
import { id, isoTime, nullableTime } from "../http/schemas.js";
import type { VisitDocument } from "../visits/visit.model.js";
import { PASS_STATUSES, type PassStatus } from "../visits/visit-kinds.js";

/** Why a pass is not green, as codes stored with the visit and sentences shown to people. */
export const PASS_REASONS = {
  HEALTH_CODE_RED: "健康码为红码，请勿进入，并按防疫要求报告。",
  HEALTH_CODE_YELLOW: "健康码为黄码，请按防疫要求核酸检测。",
  HEALTH_CODE_UNAVAILABLE: "健康码暂时查询不到，请出示苏康码供工作人员查验。",
  EXPOSURE_ALERT: "您收到了风险提示，请查看提醒并按要求处理。",
} as const;
export type PassReason = keyof typeof PASS_REASONS;
const PASS_REASON_CODES = Object.keys(PASS_REASONS) as [PassReason, ...PassReason[]];

/** The pass is the worst of the health-code colour and an open exposure alert. */
export function passStatusOf(
  reading: HealthCodeReading,
  hasOpenAlert: boolean,
): { status: PassStatus; reasons: PassReason[] } {
  const reasons: PassReason[] = [];
  let status: PassStatus = "green";
  const raise = (to: PassStatus, reason: PassReason) => {
    if (COLOUR_SEVERITY[to] > COLOUR_SEVERITY[status]) status = to;
    reasons.push(reason);
  };
  if (!reading.available) raise("yellow", "HEALTH_CODE_UNAVAILABLE");
  else if (reading.colour === "red") raise("red", "HEALTH_CODE_RED");
  else if (reading.colour === "yellow") raise("yellow", "HEALTH_CODE_YELLOW");
  if (hasOpenAlert) raise("yellow", "EXPOSURE_ALERT");
  return { status, reasons };
}

/** What a pass is made of now: the status, why, and the health-code reading behind it. */
export interface CurrentPass {
  status: PassStatus;
  reasons: PassReason[];
  reading: HealthCodeReading;
}

export const passSchema = named(
  "Pass",
  z.strictObject({
    visitId: id,
    personName: z.string().describe("masked"),
    relation: z.string().nullable(),
    venueName: z.string(),
    scannedAt: isoTime,
    status: z.enum(PASS_STATUSES),
    reasons: z
      .array(z.strictObject({ code: z.enum(PASS_REASON_CODES), message: z.string() }))
      .describe("why it is not green; empty on a companion's or a no-phone entry's pass, which show the colour only"),
    healthCode: z
      .strictObject({
        available: z.boolean(),
        colour: z.enum(HEALTH_CODE_COLOURS).nullable(),
        updatedAt: nullableTime,
      })
      .nullable()
      .describe("null on a pass that shows the colour only"),
  }),
);
export type PassView = z.infer<typeof passSchema>;

/** The pass card: what the staff at the door check, for a visit and the person's status now. */
export function passView(visit: VisitDocument, now: CurrentPass): PassView {
  const pass: PassView = {
    visitId: String(visit._id),
    personName: visit.personNameMasked,
    relation: visit.relation ?? null,
    venueName: visit.venueName,
    scannedAt: visit.checkInAt.toISOString(),
    status: now.status,
    reasons: now.reasons.map((code) => ({ code, message: PASS_REASONS[code] })),
    healthCode: now.reading.available
      ? { available: true, colour: now.reading.colour, updatedAt: now.reading.updatedAt?.toISOString() ?? null }
      : { available: false, colour: null, updatedAt: null },
  };
  // A companion's pass shows the colour the door needs and nothing of why: the resident who
  // checked them in does not learn another person's health code or alerts.
  return visit.source === "companion" ? colourOnly(pass) : pass;
}

/** A pass as someone who must not learn why sees it: the colour only. */
export function colourOnly(pass: PassView): PassView {
  return { ...pass, reasons: [], healthCode: null };
}

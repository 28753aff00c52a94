import { COLOUR_SEVERITY } from "../health-codes/colours.js";
import type { HealthCodeReading } from "../health-codes/providers.js";
import type { PassStatus } from "../visits/visit.model.js";

/** Why a pass is not green, as codes stored with the visit and sentences shown to people. */
export const PASS_REASONS = {
  HEALTH_CODE_RED: "健康码为红码，请勿进入，并按防疫要求报告。",
  HEALTH_CODE_YELLOW: "健康码为黄码，请按防疫要求核酸检测。",
  HEALTH_CODE_UNAVAILABLE: "健康码暂时查询不到，请出示苏康码供工作人员查验。",
  EXPOSURE_ALERT: "您收到了风险提示，请查看提醒并按要求处理。",
} as const;
export type PassReason = keyof typeof PASS_REASONS;

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

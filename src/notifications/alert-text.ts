import { SELF_RELATION } from "../companions/relations.js";
import { maskPersonalNumbersIn } from "../identity/masking.js";
import { clockRange } from "../infra/china-time.js";
import type { OverlappingVisit } from "../visits/visits.service.js";

const ADVICE = "请不要慌张：按要求尽快做核酸检测，减少外出，注意健康监测，有发热、咳嗽等症状及时就医并说明情况。";

/** Whom an alert is about, as its text addresses the recipient. */
function aboutWhom(about: { name: string; relation: string } | null): string {
  return about && about.relation !== SELF_RELATION ? `您的随行人员 ${about.name}（${about.relation}）` : "您";
}

/**
 * One visit as an alert states it: check-in is observed; an end nobody saw is an estimate and reads
 * as one (约, and said so), as does the overlap it bounds.
 */
function visitLine(v: OverlappingVisit): string {
  // An event may count any overlap at all: one rounded to 0 minutes reads as less than a minute.
  const minutes = v.overlapMinutes < 1 ? "不足 1 分钟" : `${v.overlapMinutes} 分钟`;
  if (!v.endEstimated) {
    return `${clockRange(v.checkInAt, v.endAt)} 在 ${v.venueName}，与风险时段重叠 ${minutes}`;
  }
  return `${clockRange(v.checkInAt, v.endAt, true)} 在 ${v.venueName}（未记录离开时间，离开时间为预计），与风险时段重叠约 ${minutes}`;
}

/** The alert a recipient reads, saying where, when, for whom and how long the overlap was. */
export function alertText(options: {
  riskLevel: "high" | "medium";
  officialMessage: string;
  visits: OverlappingVisit[];
  aboutCompanion: { name: string; relation: string } | null;
}): string {
  const level = options.riskLevel === "high" ? "高风险" : "中风险";
  const where = options.visits.map(visitLine).join("；");
  return `【${level}提醒】${aboutWhom(options.aboutCompanion)}于 ${where}。${options.officialMessage}${/[。！]$/.test(options.officialMessage) ? "" : "。"}${ADVICE}`;
}

/** What the recipient of an alert reads when a health official cleared it after checking on the person. */
export function clearanceText(alert: { aboutName: string; aboutRelation: string }, reason: string): string {
  const who = aboutWhom({ name: alert.aboutName, relation: alert.aboutRelation });
  return `【解除】关于${who}的这条风险提醒，卫生健康部门核查后已解除：${maskPersonalNumbersIn(reason)}。如没有其他未解除的提醒，通行状态随之恢复，请以扫码时显示的通行状态为准。`;
}

/** What the recipient of a withdrawn alert reads instead. */
export function correctionText(alert: { aboutName: string; aboutRelation: string }, reason: string): string {
  const who = aboutWhom({ name: alert.aboutName, relation: alert.aboutRelation });
  // Another alert may still be open, so the pass is not promised back: the pass page shows it.
  return `【更正】之前关于${who}的这条风险提醒已撤回：${maskPersonalNumbersIn(reason)}。如没有其他未解除的提醒，通行状态随之恢复，请以扫码时显示的通行状态为准。给您带来不便，请谅解。`;
}

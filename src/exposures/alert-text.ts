import { clockRange, type OverlappingVisit } from "./matching.js";

const ADVICE = "请不要慌张：按要求尽快做核酸检测，减少外出，注意健康监测，有发热、咳嗽等症状及时就医并说明情况。";

/** The alert a recipient reads, saying where, when, for whom and how long the overlap was. */
export function alertText(options: {
  riskLevel: "high" | "medium";
  officialMessage: string;
  visits: OverlappingVisit[];
  aboutCompanion: { name: string; relation: string } | null;
}): string {
  const level = options.riskLevel === "high" ? "高风险" : "中风险";
  const who = options.aboutCompanion
    ? `您的随行人员 ${options.aboutCompanion.name}（${options.aboutCompanion.relation}）`
    : "您";
  const where = options.visits
    .map((v) => `${clockRange(v.checkInAt, v.endAt)} 在 ${v.venueName}，与风险时段重叠 ${v.overlapMinutes} 分钟`)
    .join("；");
  return `【${level}提醒】${who}于 ${where}。${options.officialMessage}${/[。！]$/.test(options.officialMessage) ? "" : "。"}${ADVICE}`;
}

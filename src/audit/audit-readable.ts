import { chinaDateTime, clockRange } from "../infra/china-time.js";

/** What each recorded action is, in the words officials use. */
const ACTION_NAMES: Record<string, string> = {
  "exposure.preview": "预览风险提醒影响人数",
  "exposure.preview.case": "按病例行程预览影响人数",
  "exposure.create": "发出风险提醒",
  "exposure.confirm": "确认发送风险提醒",
  "exposure.withdraw": "撤回风险提醒",
  "exposure.clear": "解除一人的提醒",
  "health-code.set": "设置健康码颜色",
  "identity.correct": "更正身份信息",
  "identity-claim.grant": "批准身份申诉",
  "identity-claim.reject": "驳回身份申诉",
  "official.create": "新建工作人员账号",
  "venue.region": "调整场所所属区域",
  "stats-export": "导出统计表",
  "compliance.contact-phones": "查看场所联系电话（合规检查）",
  "ticket.reply": "回复转人工工单",
  "venue.contact-phone": "查看场所信息和联系电话",
};

const COLORS: Record<string, string> = { green: "绿码", yellow: "黄码", red: "红码" };
const ROLES: Record<string, string> = { health: "卫健", police: "公安", admin: "管理员" };

const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : "");
const time = (value: unknown) => {
  const date = value instanceof Date ? value : new Date(text(value));
  return Number.isNaN(date.getTime()) ? "" : date;
};

/** The places and times of an exposure request, as "3月16日 14:10–14:52" per place. */
function windows(query: Record<string, unknown>): string {
  const places = Array.isArray(query.places) ? (query.places as Record<string, unknown>[]) : [];
  const parts = places.map((place) => {
    const start = time(place.start);
    const end = time(place.end);
    const when = start && end ? clockRange(start, end) : "";
    return `${place.venueId ? "场所" : "场所码"} ${text(place.venueId ?? place.code).slice(-6)} ${when}`.trim();
  });
  const exposureCase = query.case as Record<string, unknown> | undefined;
  if (exposureCase) parts.push(`病例 ${text(exposureCase.idNumber)}`);
  return parts.join("；");
}

/** One line saying what was done, from what the audit log kept; identity numbers stay masked as kept. */
function summaryOf(action: string, query: Record<string, unknown>): string {
  const reason = query.reason ? `，原因：${text(query.reason)}` : "";
  switch (action) {
    case "exposure.preview":
    case "exposure.preview.case":
    case "exposure.create":
      return `${windows(query)}${query.riskLevel === "high" ? "，高风险" : query.riskLevel === "medium" ? "，中风险" : ""}`;
    case "exposure.confirm":
    case "exposure.withdraw":
      return `事件 ${text(query.exposureId).slice(-6)}${reason}`;
    case "exposure.clear":
      return `事件 ${text(query.exposureId).slice(-6)}，身份证 ${text(query.idNumber)}${reason}`;
    case "health-code.set":
      return `身份证 ${text(query.idNumber)}：${COLORS[text(query.previous)] ?? "无"} → ${COLORS[text(query.color)] ?? text(query.color)}${reason}`;
    case "identity.correct":
      return `${text(query.from)} → ${text(query.to)}${reason}`;
    case "identity-claim.grant":
    case "identity-claim.reject":
      return `申诉 ${text(query.claimId).slice(-6)}，身份证 ${text(query.idNumber)}${reason}`;
    case "official.create":
      return `${text(query.username)}（${ROLES[text(query.role)] ?? text(query.role)}${query.regionCode ? ` · ${text(query.regionCode)}` : ""}）`;
    case "venue.region":
      return `场所 ${text(query.venueId).slice(-6)}：${text(query.from)} → ${text(query.to)}${reason}`;
    case "stats-export":
      return `按${query.groupBy === "category" ? "类别" : "区域"}`;
    case "venue.contact-phone":
      return `场所 ${text(query.venueId).slice(-6)}`;
    case "ticket.reply":
      return `工单 ${text(query.ticketId).slice(-6)}`;
    case "compliance.contact-phones":
      return `${text(query.hours)} 小时无扫码的场所 ${text(query.venues)} 个`;
    default:
      return Object.entries(query)
        .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : text(value)}`)
        .join("，");
  }
}

/** An audit record as people read it: the action in Chinese, China time, and one line of what. */
export function readable(action: string, query: Record<string, unknown>, at: Date) {
  return {
    actionName: ACTION_NAMES[action] ?? action,
    summary: summaryOf(action, query),
    localTime: chinaDateTime(at),
  };
}

import { describe, expect, it } from "vitest";
import type { OverlappingVisit } from "../visits/visits.service.js";
import { alertText, correctionText } from "./alert-text.js";

function visit(checkInAt: string, endAt: string, endEstimated: boolean): OverlappingVisit {
  return {
    visitId: "v",
    venueId: "x",
    venueName: "盐城中学",
    checkInAt: new Date(checkInAt),
    endAt: new Date(endAt),
    endEstimated,
    overlapMinutes: 60,
    presence: endEstimated ? "estimated" : "observed",
    source: "scan",
    userId: "u",
    relation: "本人",
    personNameMasked: "王*",
  };
}

const alert = (v: OverlappingVisit) =>
  alertText({ riskLevel: "high", officialMessage: "请做核酸检测", visits: [v], aboutCompanion: null });

describe("what an alert and its correction say", () => {
  it("names the next day when an estimated stay runs past midnight (China time), so the end cannot read as earlier", () => {
    // 17:58 China time on 1 December, a school's assumed stay of 8 hours: about 01:58 on 2 December.
    expect(alert(visit("2026-12-01T09:58:00Z", "2026-12-01T17:58:00Z", true))).toContain(
      "12月1日 17:58–约12月2日01:58 在 盐城中学",
    );
    expect(alert(visit("2026-12-01T01:55:00Z", "2026-12-01T02:55:00Z", false))).toContain("12月1日 09:55–10:55 在");
  });

  it("says a visit of seconds overlapped for less than a minute, not 0 minutes", () => {
    const brief = { ...visit("2026-12-01T01:40:00Z", "2026-12-01T01:40:02Z", false), overlapMinutes: 0 };
    expect(alert(brief)).toContain("与风险时段重叠 不足 1 分钟");
    expect(alert(brief)).not.toContain("0 分钟");
  });

  it("does not promise the pass back when one alert is withdrawn, since another may still be open", () => {
    const text = correctionText({ aboutName: "本人", aboutRelation: "本人" }, "重复发送");
    expect(text).toContain("已撤回：重复发送");
    expect(text).not.toContain("通行状态已恢复");
    expect(text).toContain("以扫码时显示的通行状态为准");
  });
});

import { describe, expect, it } from "vitest";
import { chinaWeekStart } from "./china-time.js";

describe("the week in China time", () => {
  it("starts at Monday midnight in China, whatever the UTC date", () => {
    // Tuesday 1 December 2026, 16:00 in China.
    expect(chinaWeekStart(Date.parse("2026-12-01T08:00:00Z")).toISOString()).toBe("2026-11-29T16:00:00.000Z");
    // Sunday 23:59 in China is still that week; Monday 00:00 starts the next.
    expect(chinaWeekStart(Date.parse("2026-12-06T15:59:00Z")).toISOString()).toBe("2026-11-29T16:00:00.000Z");
    expect(chinaWeekStart(Date.parse("2026-12-06T16:00:00Z")).toISOString()).toBe("2026-12-06T16:00:00.000Z");
    // Monday 07:00 in China is Sunday in UTC.
    expect(chinaWeekStart(Date.parse("2026-11-29T23:00:00Z")).toISOString()).toBe("2026-11-29T16:00:00.000Z");
  });
});

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { installDom, installWx } from "./wx.js";

const require = createRequire(import.meta.url);
const document = installDom();
const simulate = require("miniprogram-simulate");
const ROOT = resolve("miniprogram");
const HOUR = 60 * 60 * 1000;

const pass = (scannedAt: Date, overrides: Record<string, unknown> = {}) => ({
  visitId: `v${Math.random()}`,
  status: "green",
  personName: "李**",
  relation: "本人",
  venueName: "王记理发店",
  scannedAt: scannedAt.toISOString(),
  validUntil: new Date(scannedAt.getTime() + 2 * HOUR).toISOString(),
  reasons: [],
  healthCode: null,
  ...overrides,
});

const opened: { detach(): void }[] = [];
afterEach(() => {
  for (const page of opened.splice(0)) page.detach();
});

/** The pass page with these passes stored, as the scan page leaves them, shown. */
function showPasses(passes: unknown[]) {
  const wx = installWx("http://127.0.0.1:9", "mp-pass");
  wx.storage.set("venue-code:passes", passes);
  const page = simulate.render(simulate.load(`${ROOT}/pages/pass/index`, { rootPath: ROOT }));
  page.attach(document.createElement("parent-wrapper"));
  opened.push(page);
  page.instance.onLoad();
  page.instance.onShow();
  return { page, wx };
}

const text = (node: { querySelector(s: string): { dom: { textContent: string } } | undefined }, selector: string) =>
  node.querySelector(selector)?.dom.textContent ?? "";

/** A moment earlier today, China time (never before today's midnight there, whenever the test runs). */
function earlierToday(minutesAgo = 5): Date {
  const now = Date.now();
  const chinaMidnight = Math.floor((now + 8 * HOUR) / (24 * HOUR)) * 24 * HOUR - 8 * HOUR;
  return new Date(Math.max(now - minutesAgo * 60 * 1000, chinaMidnight + 1));
}

describe("我的通行卡: a pass that cannot be mistaken", () => {
  it("shows the check-in's date and time on the card, in China time", () => {
    const { page } = showPasses([pass(new Date("2026-03-16T01:56:00Z"))]);
    const card = page.querySelector(".pass-card");
    expect(text(card, ".checked-in")).toBe("3月16日 09:56 签到");
  });

  it("warns on yesterday's pass, on the page and on the card, and leaves the screen alone", () => {
    const { page, wx } = showPasses([pass(new Date(Date.now() - 24 * HOUR))]);
    expect(text(page, ".stale-warning")).toContain("不是今天的");
    const card = page.querySelector(".pass-card");
    expect(text(card, ".stale")).toContain("请重新扫码登记");
    expect(card.querySelector(".pass").dom.className).toContain("pass--stale");
    expect(wx.screen).toEqual({ keepOn: false, brightness: 0.4 });
  });

  it("warns on today's pass once the venue's dwell time is over", () => {
    const scannedAt = earlierToday(3);
    const over = new Date((scannedAt.getTime() + Date.now()) / 2).toISOString();
    const { page, wx } = showPasses([pass(scannedAt, { validUntil: over })]);
    expect(text(page, ".stale-warning")).toContain("已超过场所停留时间");
    expect(text(page, ".stale-warning")).not.toContain("不是今天的");
    expect(wx.screen.keepOn).toBe(false);
  });

  it("shows a fresh pass without a warning, keeps the screen on at full brightness, and gives it back", () => {
    const { page, wx } = showPasses([pass(earlierToday())]);
    expect(page.querySelector(".stale-warning")).toBeUndefined();
    expect(page.querySelector(".pass-card .stale")).toBeUndefined();
    expect(wx.screen).toEqual({ keepOn: true, brightness: 1 });
    page.instance.onHide();
    expect(wx.screen).toEqual({ keepOn: false, brightness: 0.4 });
  });

  it("turns to the warning when the dwell time runs out while the pass is on screen", async () => {
    const scannedAt = earlierToday(3);
    const { page, wx } = showPasses([pass(scannedAt, { validUntil: new Date(Date.now() + 1500).toISOString() })]);
    expect(page.querySelector(".stale-warning")).toBeUndefined();
    expect(wx.screen.keepOn).toBe(true);
    // Far enough ahead that a loaded machine still renders the card before it runs out.
    await simulate.sleep(1600);
    page.instance.recheck(); // what the page's 30-second timer does
    expect(text(page, ".stale-warning")).toContain("已超过场所停留时间");
    expect(wx.screen).toEqual({ keepOn: false, brightness: 0.4 });
  });

  it("sums up a family above the cards: 4人 · 全部绿色, or the colours counted, worst first", () => {
    const at = earlierToday();
    const family = ["本人", "父亲", "母亲", "子女"].map((relation) => pass(at, { relation }));
    const { page } = showPasses(family);
    expect(text(page, ".family-summary")).toBe("4人 · 全部绿色");
    expect(page.querySelectorAll(".pass-card")).toHaveLength(4);
    page.detach();
    opened.pop();
    const mixed = showPasses([pass(at), pass(at, { status: "yellow" }), pass(at, { status: "red" })]).page;
    expect(text(mixed, ".family-summary")).toBe("3人 · 1人红色 · 1人黄色 · 1人绿色");
  });

  it("shows no summary for one person, and the empty state with no pass", () => {
    expect(showPasses([pass(earlierToday())]).page.querySelector(".family-summary")).toBeUndefined();
    expect(text(showPasses([]).page, ".empty")).toContain("还没有登记记录");
  });
});

/** WCAG relative luminance contrast of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const channel = (i: number) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  };
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

describe("the pass card's legibility", () => {
  const wxss = readFileSync(resolve("miniprogram/components/pass-card/index.wxss"), "utf8");
  const rule = (selector: string) => {
    const found = new RegExp(`(^|\\n)${selector.replace(/[.*]/g, "\\$&")} \\{([^}]*)\\}`).exec(wxss);
    if (!found) throw new Error(`no rule for ${selector}`);
    return found[2] ?? "";
  };
  const value = (selector: string, property: string) =>
    new RegExp(`(?:^|;)\\s*${property}:\\s*([^;]+);`).exec(rule(selector))?.[1]?.trim() ?? "";
  const rpx = (text: string) => Number(/(\d+)rpx/.exec(text)?.[1] ?? Number.NaN);

  it("has the 本人 pill and the band's words at 4.5:1 or more on every colour", () => {
    expect(contrast(value(".relation", "color"), value(".relation", "background"))).toBeGreaterThanOrEqual(4.5);
    for (const status of ["green", "yellow", "red"]) {
      expect(contrast("#ffffff", value(`.pass--${status} .band`, "background"))).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("keeps the name and venue lines clear of the turning ring", () => {
    const ringReach = rpx(value(".mark", "right")) + rpx(value(".mark", "width"));
    expect(value(".mark", "box-sizing")).toBe("border-box");
    for (const line of [".name", ".venue"]) {
      // The body's own padding plus the line's reaches past the ring's left edge, with a gap.
      expect(rpx(value(".body", "padding").split(" ")[1] ?? "") + rpx(value(line, "padding-right"))).toBeGreaterThan(
        ringReach + 16,
      );
    }
  });
});

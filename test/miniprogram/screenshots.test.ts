import { describe, expect, it } from "vitest";
import { wxssToCss } from "../../scripts/screenshots-miniprogram.js";

/** npm run -s screenshots draws the mini-program's pages in Chromium with its WXSS turned into CSS. */
describe("the mini-program's WXSS as CSS for the screenshots", () => {
  it("turns rpx into px at 750 rpx to the screen's width, and WeChat's tags into the simulator's wx-* elements", () => {
    const css = wxssToCss(
      "page { font-size: 32rpx; }\n.card view, button[disabled].primary > text { padding: 24rpx 0 -15rpx; border: 1px solid #d5dae3; }",
      390,
    );
    expect(css).toContain(".mp-page { font-size: 16.64px; }");
    expect(css).toContain(".card wx-view, wx-button[disabled].primary > wx-text {");
    expect(css).toContain("padding: 12.48px 0 -7.80px; border: 1px solid #d5dae3;");
  });

  it("leaves classes that share a tag's name, keyframe steps and comments' contents alone", () => {
    const css = wxssToCss(
      "/* view */ .text, .button-row { color: red; }\n@keyframes turn { to { transform: rotate(360deg); } }",
      750,
    );
    expect(css).toContain(".text, .button-row { color: red; }");
    expect(css).toContain("@keyframes turn { to { transform: rotate(360deg); } }");
    expect(css).not.toContain("wx-");
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createFaqMatcher } from "./knowledge.js";

interface Question {
  q: string;
  topic: string;
}
const evaluation: Question[] = JSON.parse(
  readFileSync(new URL("../../test/bot/faq-eval.json", import.meta.url), "utf8"),
).questions;
const matcher = createFaqMatcher();

describe("answering venue owners' questions", () => {
  it("picks the right topic for at least 90% of in-scope questions and 'unknown' for at least 80% of the rest", () => {
    const inScope = evaluation.filter((q) => q.topic !== "unknown");
    const outOfScope = evaluation.filter((q) => q.topic === "unknown");
    const right = inScope.filter((q) => matcher.match(q.q).topic === q.topic).length;
    const declined = outOfScope.filter((q) => matcher.match(q.q).topic === "unknown").length;
    expect(inScope.length).toBeGreaterThanOrEqual(80);
    expect(right / inScope.length).toBeGreaterThanOrEqual(0.9);
    expect(declined / outOfScope.length).toBeGreaterThanOrEqual(0.8);
  });

  it("survives synonyms, dialect-flavoured wording and typos", () => {
    expect(matcher.match("门面小也得搞二维码不").topic).toBe("who-must-register");
    expect(matcher.match("爷爷奶奶木有手机咋整").topic).toBe("no-smartphone");
    expect(matcher.match("场所吗贴在哪").topic).toBe("where-to-post");
    expect(matcher.match("要下载撒软件").topic).toBe("what-app");
  });

  it("answers nothing for an empty or meaningless message", () => {
    expect(matcher.match("").topic).toBe("unknown");
    expect(matcher.match("？？？").topic).toBe("unknown");
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FaqMatcher, type Knowledge } from "./matcher.js";

export function loadKnowledge(): Knowledge {
  return JSON.parse(readFileSync(join(import.meta.dirname, "../knowledge/faq.json"), "utf8")) as Knowledge;
}

/** The category names and everyday words for them, so the segmenter keeps 菜鸟驿站 or 棋牌室 whole. */
function categoryWords(): string[] {
  const aliases: Record<string, string[]> = JSON.parse(
    readFileSync(join(import.meta.dirname, "../knowledge/category-aliases.json"), "utf8"),
  );
  return Object.values(aliases).flat();
}

/** `facts` fill answers' placeholders: retentionDays (how long visits are kept, RETENTION_DAYS). */
export function createFaqMatcher(facts: { retentionDays: number }): FaqMatcher {
  return new FaqMatcher(loadKnowledge(), { retentionDays: String(facts.retentionDays) }, categoryWords());
}

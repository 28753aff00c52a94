import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FaqMatcher, type Knowledge, type Paraphrase } from "./matcher.js";

export function loadKnowledge(): Knowledge {
  return JSON.parse(readFileSync(join(import.meta.dirname, "../knowledge/faq.json"), "utf8")) as Knowledge;
}

/**
 * Questions in people's own words with their topics (unknown for others), which the classifier learns from:
 * two sets written separately by two writers (a and b), both by default.
 */
export function loadTraining(sets: ("a" | "b")[] = ["a", "b"]): Paraphrase[] {
  return sets.flatMap(
    (set) =>
      JSON.parse(readFileSync(join(import.meta.dirname, `../knowledge/faq-training-${set}.json`), "utf8")).questions,
  );
}

/** The category names and everyday words for them, so the segmenter keeps 菜鸟驿站 or 棋牌室 whole. */
function categoryWords(): string[] {
  const aliases: Record<string, string[]> = JSON.parse(
    readFileSync(join(import.meta.dirname, "../knowledge/category-aliases.json"), "utf8"),
  );
  return Object.values(aliases).flat();
}

/** `facts` fill answers' placeholders: retentionDays (how long visits are kept, RETENTION_DAYS). */
export function createFaqMatcher(
  facts: { retentionDays: number },
  training: Paraphrase[] = loadTraining(),
): FaqMatcher {
  return new FaqMatcher(loadKnowledge(), { retentionDays: String(facts.retentionDays) }, categoryWords(), training);
}

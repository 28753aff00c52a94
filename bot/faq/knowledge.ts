import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FaqMatcher, type Knowledge } from "./matcher.js";

export function loadKnowledge(): Knowledge {
  return JSON.parse(readFileSync(join(import.meta.dirname, "../knowledge/faq.json"), "utf8")) as Knowledge;
}

export function createFaqMatcher(): FaqMatcher {
  return new FaqMatcher(loadKnowledge());
}

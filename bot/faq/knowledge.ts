import { readFileSync } from "node:fs";
import { FaqMatcher, type Knowledge } from "./matcher.js";

export function loadKnowledge(): Knowledge {
  return JSON.parse(readFileSync(new URL("../knowledge/faq.json", import.meta.url), "utf8")) as Knowledge;
}

export function createFaqMatcher(): FaqMatcher {
  return new FaqMatcher(loadKnowledge());
}

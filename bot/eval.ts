import { readFileSync } from "node:fs";
import { createFaqMatcher } from "./faq/knowledge.js";

/**
 * npm run -s bot:eval [-- --held-out] — how the question-answering does on the evaluation set
 * (test/bot/faq-eval.json, tuning material, which includes the two spent held-out sets) or on the
 * third blind held-out set (test/bot/faq-heldout-3.json, never tuned on): accuracy per topic,
 * out-of-scope questions declined, the confusions, and the time per question after start-up.
 */
export interface EvalQuestion {
  q: string;
  topic: string;
  also?: string[];
}

export interface EvalResult {
  inScope: { right: number; total: number };
  outOfScope: { declined: number; total: number };
  perTopic: Map<string, { right: number; total: number }>;
  confusions: { q: string; expected: string; got: string; score: number }[];
  medianMs: number;
}

export function loadQuestions(file: "faq-eval.json" | "faq-heldout-3.json"): EvalQuestion[] {
  return JSON.parse(readFileSync(new URL(`../test/bot/${file}`, import.meta.url), "utf8")).questions;
}

/** Answers' wording does not change which topic is picked: any retention figure will do here. */
export function evaluate(questions: EvalQuestion[]): EvalResult {
  const matcher = createFaqMatcher({ retentionDays: 28 });
  const result: EvalResult = {
    inScope: { right: 0, total: 0 },
    outOfScope: { declined: 0, total: 0 },
    perTopic: new Map(),
    confusions: [],
    medianMs: 0,
  };
  const times: number[] = [];
  for (const question of questions) {
    const started = performance.now();
    const { topic, score } = matcher.match(question.q);
    times.push(performance.now() - started);
    const right = topic === question.topic || (question.also ?? []).includes(topic);
    const row = result.perTopic.get(question.topic) ?? { right: 0, total: 0 };
    row.total++;
    if (right) row.right++;
    result.perTopic.set(question.topic, row);
    const bucket = question.topic === "unknown" ? null : result.inScope;
    if (bucket) {
      bucket.total++;
      if (right) bucket.right++;
    } else {
      result.outOfScope.total++;
      if (right) result.outOfScope.declined++;
    }
    if (!right) result.confusions.push({ q: question.q, expected: question.topic, got: topic, score });
  }
  times.sort((a, b) => a - b);
  result.medianMs = times[Math.floor(times.length / 2)] ?? 0;
  return result;
}

const percent = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const heldOut = process.argv.includes("--held-out");
  const questions = loadQuestions(heldOut ? "faq-heldout-3.json" : "faq-eval.json");
  const r = evaluate(questions);
  const lines = [`${heldOut ? "held-out" : "evaluation"} set: ${questions.length} questions`, "per topic:"];
  for (const [topic, { right, total }] of [...r.perTopic].sort()) {
    lines.push(
      `  ${topic.padEnd(24)} ${String(right).padStart(3)}/${String(total).padEnd(3)} ${percent(right, total)}`,
    );
  }
  lines.push("confusions (expected → got, score):");
  for (const c of r.confusions) lines.push(`  ${c.expected} → ${c.got} (${c.score})  ${c.q}`);
  lines.push(
    `in scope: ${r.inScope.right}/${r.inScope.total} ${percent(r.inScope.right, r.inScope.total)}`,
    `out of scope → unknown: ${r.outOfScope.declined}/${r.outOfScope.total} ${percent(r.outOfScope.declined, r.outOfScope.total)}`,
    `median time per question after start-up: ${r.medianMs.toFixed(3)} ms`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}

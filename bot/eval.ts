import { readFileSync } from "node:fs";
import { createFaqMatcher, loadTraining } from "./faq/knowledge.js";
import type { FaqMatcher } from "./faq/matcher.js";

/**
 * npm run -s bot:eval [-- --held-out] [-- --set NAME | --file PATH] [-- --train a|b] — how the
 * question-answering does on a question set: accuracy per topic, out-of-scope questions declined,
 * the confusions, the time per question after start-up and the start-up itself. Sets: `eval`
 * (test/bot/faq-eval.json, the default: tuning material, which includes the two first held-out sets),
 * `heldout-3` / `heldout-4` / `heldout-5` (test/bot/faq-heldout-N.json, spent blind sets; --held-out
 * alone is heldout-3), `training-a` / `training-b` (bot/knowledge/faq-training-X.json, what the classifier
 * learns from). `--train a` builds the matcher from one training set only, so `--train a --set
 * training-b` estimates how it does on questions written by someone it never learnt from.
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

/** A set by name (eval, heldout-3, training-a …: see above) or a path to a file of the same form. */
export function loadQuestions(set: string): EvalQuestion[] {
  const file = set.includes("/")
    ? set
    : set.startsWith("training-")
      ? new URL(`./knowledge/faq-${set}.json`, import.meta.url)
      : new URL(`../test/bot/faq-${set}.json`, import.meta.url);
  return JSON.parse(readFileSync(file, "utf8")).questions;
}

/** Answers' wording does not change which topic is picked: any retention figure will do here. */
export function evaluate(
  questions: EvalQuestion[],
  matcher: FaqMatcher = createFaqMatcher({ retentionDays: 28 }),
): EvalResult {
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
  const option = (name: string) => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? process.argv[at + 1] : undefined;
  };
  const heldOut = process.argv.includes("--held-out");
  const set = option("--set") ?? option("--file") ?? (heldOut ? "heldout-3" : "eval");
  const questions = loadQuestions(set);
  const train = option("--train");
  const started = performance.now();
  const matcher = createFaqMatcher(
    { retentionDays: 28 },
    train === "a" || train === "b" ? loadTraining([train]) : loadTraining(),
  );
  const startUp = performance.now() - started;
  const r = evaluate(questions, matcher);
  const lines = [
    `${set} set: ${questions.length} questions${train ? `, trained on training-${train} only` : ""}`,
    "per topic:",
  ];
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
    `median time per question after start-up: ${r.medianMs.toFixed(3)} ms (start-up ${startUp.toFixed(0)} ms)`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}

import { formatConfigErrors, loadConfig } from "../src/config.js";
import { createFaqMatcher } from "./faq/knowledge.js";

/** npm run -s bot:ask -- "<question>" — which topic the bot would answer with, as one JSON line. */
const question = process.argv.slice(2).join(" ").trim();
if (!question) {
  process.stderr.write('usage: npm run -s bot:ask -- "码贴在哪里"\n');
  process.exit(2);
}
const loaded = loadConfig();
if (!loaded.ok) {
  process.stderr.write(`${formatConfigErrors(loaded.errors)}\n`);
  process.exit(2);
}
const { topic, score, answer } = createFaqMatcher({ retentionDays: loaded.config.retentionDays }).match(question);
process.stdout.write(`${JSON.stringify({ topic, score, answer })}\n`);

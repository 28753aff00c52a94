import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll } from "vitest";
import { checkedResponses } from "../../src/http/contract.js";
import { CONTRACT_CHECKS_DIR } from "./paths.js";

// After each test file: how many of its answers, per route, were checked against the declared
// response (npm run -s test:contracts then requires every route to have at least one).
afterAll(async () => {
  if (checkedResponses.size === 0) return;
  await mkdir(CONTRACT_CHECKS_DIR, { recursive: true });
  const file = join(CONTRACT_CHECKS_DIR, `${randomBytes(6).toString("hex")}.json`);
  await writeFile(file, JSON.stringify(Object.fromEntries(checkedResponses)));
});

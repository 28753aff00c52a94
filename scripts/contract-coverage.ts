import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { routeName } from "../src/http/contract.js";
import { CONTRACT_CHECKS_DIR } from "../test/support/paths.js";
import { routeList } from "./route-list.js";

/**
 * `npm run -s test:contracts`, after the test suite: every route must have had at least one of its
 * answers checked against its declared response during the run, or the run fails.
 */
const counts = new Map<string, number>();
const files = await readdir(CONTRACT_CHECKS_DIR).catch(() => [] as string[]);
for (const file of files.filter((name) => name.endsWith(".json"))) {
  const perRoute = JSON.parse(await readFile(join(CONTRACT_CHECKS_DIR, file), "utf8")) as Record<string, number>;
  for (const [route, n] of Object.entries(perRoute)) counts.set(route, (counts.get(route) ?? 0) + n);
}
const routes = routeList().map(routeName);
const unchecked = routes.filter((route) => !counts.get(route));
const answers = [...counts.values()].reduce((sum, n) => sum + n, 0);
process.stdout.write(
  `contracts: ${routes.length - unchecked.length} of ${routes.length} routes had answers checked against their declared responses (${answers} answers)\n`,
);
if (unchecked.length > 0) {
  process.stderr.write(`routes whose answers no test checked:\n${unchecked.map((r) => `  ${r}`).join("\n")}\n`);
  process.exit(1);
}
process.exit(0);

import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { CLIENT_TYPES_FILE, REFERENCE_FILE, renderClientTypes, renderReference } from "./api-reference.js";
import { routeList } from "./route-list.js";

/** `npm run -s docs:api`: writes docs/api.md and the clients' typings from the routes' contracts. */
const routes = routeList();
for (const [file, text] of [
  [REFERENCE_FILE, renderReference(routes)],
  [CLIENT_TYPES_FILE, await renderClientTypes(routes)],
] as const) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  process.stdout.write(`wrote ${file}\n`);
}
process.exit(0);

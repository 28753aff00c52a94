import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The service version, from package.json, reported by /healthz. */
export const SERVICE_VERSION: string = JSON.parse(
  readFileSync(join(import.meta.dirname, "../package.json"), "utf8"),
).version;

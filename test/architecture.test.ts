import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The import graph of the production code, held to the project's ownership rules: each collection
 * has one owning folder, the bot reaches the service through one narrow module, and the service
 * reaches the bot only where it is composed. Tests and benchmarks may inspect and seed stores
 * directly, as an operator's tools would, so they are not held to it.
 */
const ROOT = resolve(".");

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.endsWith(".d.ts"))
    .map((file) => join(dir, file));
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+"([^"]+)"/g;

/** The relative imports of a file, resolved to repository paths, and whether each brings in types only. */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const found: Import[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const [, , typeKeyword, clause = "", target = ""] = match;
    if (!target.startsWith(".")) continue;
    const specifiers = /^\{([\s\S]*)\}$/
      .exec(clause.trim())?.[1]
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const typeOnly = Boolean(typeKeyword) || (specifiers?.every((s) => s.startsWith("type ")) ?? false);
    const to = relative(ROOT, resolve(ROOT, dirname(file), target)).replace(/\.js$/, ".ts");
    found.push({ from: file, to, typeOnly });
  }
  return found;
}

const production = [...sourceFiles("src"), ...sourceFiles("bot")];
const graph = production.flatMap(importsOf);

/** The folder under src/ that owns a file (src/visits/visit.model.ts → "visits"). */
const folderOf = (path: string) => /^src\/([^/]+)\//.exec(path)?.[1];

/** Imports of a model from outside the folder that owns it, at run time. */
function modelOwnershipViolations(imports: Import[]): string[] {
  return imports
    .filter((i) => /^src\/[^/]+\/[^/]+\.model\.ts$/.test(i.to) && !i.typeOnly && folderOf(i.from) !== folderOf(i.to))
    .map((i) => `${i.from} imports ${i.to}`);
}

const BOT_INTERFACE = "src/chat/bot-interface.ts";
/** The bot process's own start-up composes the service and the bot; the rest of bot/ sees only the interface. */
const BOT_COMPOSITION = new Set(["bot/main.ts", "bot/wechat-bot.ts", "bot/ask.ts", "bot/eval.ts"]);
const SERVICE_COMPOSITION = new Set(["src/service.ts"]);

describe("the architecture", () => {
  it("reads the import graph of the production code", () => {
    expect(production.length).toBeGreaterThan(100);
    expect(graph.some((i) => i.to === "src/visits/visit.model.ts")).toBe(true);
    expect(importsOf("src/visits/visits.service.ts").map((i) => i.to)).toContain("src/visits/visit.model.ts");
  });

  it("lets only a collection's own folder import its model", () => {
    expect(modelOwnershipViolations(graph)).toEqual([]);
  });

  it("notices a model imported from another folder", () => {
    const violation = { from: "src/scans/scans.service.ts", to: "src/visits/visit.model.ts", typeOnly: false };
    const typeOnly = { ...violation, typeOnly: true };
    expect(modelOwnershipViolations([violation, typeOnly])).toEqual([
      "src/scans/scans.service.ts imports src/visits/visit.model.ts",
    ]);
  });

  it("has the bot reach the service only through its narrow interface", () => {
    const wide = graph
      .filter((i) => i.from.startsWith("bot/") && !BOT_COMPOSITION.has(i.from))
      .filter((i) => i.to.startsWith("src/") && i.to !== BOT_INTERFACE)
      .map((i) => `${i.from} imports ${i.to}`);
    expect(wide).toEqual([]);
  });

  it("has the service reach the bot only where it is composed", () => {
    const reaching = graph
      .filter((i) => i.from.startsWith("src/") && i.to.startsWith("bot/") && !SERVICE_COMPOSITION.has(i.from))
      .map((i) => `${i.from} imports ${i.to}`);
    expect(reaching).toEqual([]);
  });
});

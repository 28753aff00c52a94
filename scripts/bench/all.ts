import { spawn } from "node:child_process";

/**
 * npm run -s bench — the scan, exposure and soak benchmarks one after another, each in its own
 * process, then one JSON line {"scan": {...}, "exposure": {...}, "soak": {...}} with what each printed.
 */
function lastJsonLine(script: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    child.once("exit", (code) => {
      const line = output
        .trim()
        .split("\n")
        .reverse()
        .find((l) => l.startsWith("{"));
      if (code !== 0 || !line) return reject(new Error(`${script} exited with ${code}`));
      resolve(JSON.parse(line));
    });
  });
}

const scan = await lastJsonLine("scripts/bench/scan.ts");
const exposure = await lastJsonLine("scripts/bench/exposure.ts");
const soak = await lastJsonLine("scripts/bench/soak.ts");
process.stdout.write(`${JSON.stringify({ scan, exposure, soak })}\n`);

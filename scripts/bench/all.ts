import { spawn } from "node:child_process";
import { redisServerBinary } from "../../test/support/redis.js";

/**
 * npm run -s bench — the scan, exposure and soak benchmarks one after another, each in its own
 * process, on each Redis the service can start by itself (redis-server when it is on PATH, and the
 * embedded server), then one JSON line {"redis-server": {"scan", "exposure", "soak"}, "embedded": {…}}
 * with what each printed.
 */
function lastJsonLine(script: string, redis: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, BENCH_REDIS: redis },
    });
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

const results: Record<string, Record<string, unknown>> = {};
for (const redis of redisServerBinary ? ["redis-server", "embedded"] : ["embedded"]) {
  const scan = await lastJsonLine("scripts/bench/scan.ts", redis);
  const exposure = await lastJsonLine("scripts/bench/exposure.ts", redis);
  const soak = await lastJsonLine("scripts/bench/soak.ts", redis);
  results[redis] = { scan, exposure, soak };
}
process.stdout.write(`${JSON.stringify(results)}\n`);

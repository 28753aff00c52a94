import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

/**
 * Loaded with --import into a benchmarked process: on SIGUSR2 it writes the main thread's
 * event-loop utilisation so far (performance.eventLoopUtilization(): milliseconds active and idle)
 * to BENCH_ELU_FILE. The difference of two readings is the request thread's busy time in between.
 */
const file = process.env.BENCH_ELU_FILE;
if (file) {
  process.on("SIGUSR2", () => {
    const { active, idle } = performance.eventLoopUtilization();
    writeFileSync(file, JSON.stringify({ active, idle }));
  });
}

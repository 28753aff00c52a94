import { Worker } from "node:worker_threads";
import type { EmbeddedRedis, EmbeddedRedisOptions } from "./server.js";

type Ready = Omit<EmbeddedRedis, "stop"> & { type: "ready" };

/**
 * Runs the embedded server on its own thread, so the commands of a busy service use a second core
 * instead of its event loop, and the server ends with the process: nothing is left behind.
 * A worker does not inherit the TypeScript loader, so from source it registers tsx first.
 */
export async function startEmbeddedRedisThread(options: EmbeddedRedisOptions = {}): Promise<EmbeddedRedis> {
  const fromSource = import.meta.url.endsWith(".ts");
  const entry = new URL(`./thread-entry.${fromSource ? "ts" : "js"}`, import.meta.url).href;
  const loader = fromSource ? `await (await import("tsx/esm/api")).register();` : "";
  const worker = new Worker(`(async () => { ${loader} await import(${JSON.stringify(entry)}); })();`, {
    eval: true,
    workerData: options,
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    worker.once("message", (message: Ready | { type: "failed"; message: string }) => {
      if (message.type === "ready") resolve(message);
      else reject(new Error(message.message));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`embedded Redis thread exited with code ${code}`)));
  });
  worker.unref();
  let stopping: Promise<void> | null = null;
  return {
    url: ready.url,
    host: ready.host,
    port: ready.port,
    recovered: ready.recovered,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        // Held open until the thread has flushed and closed its append-only file.
        worker.ref();
        worker.once("exit", () => resolve());
        worker.postMessage({ type: "stop" });
      });
      return stopping;
    },
  };
}

import { Worker } from "node:worker_threads";
import type { EmbeddedMongo, EmbeddedMongoOptions } from "./server.js";

interface ReadyMessage {
  type: "ready";
  uri: string;
  host: string;
  port: number;
  recovered: { records: number; truncatedBytes: number };
}

/**
 * Worker threads do not inherit the TypeScript loader the main thread was started with, so when
 * running from source the worker registers tsx itself before importing its entry module.
 */
function bootstrapSource(): string {
  const fromSource = import.meta.url.endsWith(".ts");
  const entry = new URL(`./thread-entry.${fromSource ? "ts" : "js"}`, import.meta.url).href;
  const register = fromSource ? `await (await import("tsx/esm/api")).register();` : "";
  return `(async () => { ${register} await import(${JSON.stringify(entry)}); })();`;
}

/**
 * Runs the embedded server on its own thread, so its work uses a second core instead of the
 * caller's event loop, and it ends with the process: no child process can be left behind.
 */
export async function startEmbeddedMongoThread(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const worker = new Worker(bootstrapSource(), { eval: true, workerData: options });
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    worker.once("message", (message: ReadyMessage | { type: "failed"; message: string }) => {
      if (message.type === "ready") resolve(message);
      else reject(new Error(message.message));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`embedded MongoDB thread exited with code ${code}`)));
  });
  worker.unref();
  let stopping: Promise<void> | null = null;
  return {
    uri: ready.uri,
    host: ready.host,
    port: ready.port,
    recovered: ready.recovered,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        // Keep the process alive until the thread has closed its journal.
        worker.ref();
        worker.once("exit", () => resolve());
        worker.postMessage({ type: "stop" });
      });
      return stopping;
    },
  };
}

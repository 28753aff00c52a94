import type { Server } from "node:net";
import { parentPort, Worker, workerData } from "node:worker_threads";

/**
 * What the embedded servers (MongoDB's and Redis's stand-ins) share, knowing nothing of either:
 * listening on loopback, and running on a worker thread, so their work uses a second core instead
 * of the service's event loop and ends with the process (no child process can be left behind).
 */

/** Listens on `port` (0: a free one) and resolves with the port taken. */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return typeof address === "object" && address ? address.port : 0;
}

interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Starts `entry` (a module that calls `serveOnThread`) on a new thread with `options`, and resolves
 * with what it reported when ready, plus `stop()`. A worker does not inherit the TypeScript loader
 * the main thread was started with, so from source it registers tsx before importing the entry.
 */
export async function startOnThread<Ready extends object>(entry: URL, options: object): Promise<Ready & Stoppable> {
  const fromSource = entry.href.endsWith(".ts");
  const loader = fromSource ? `await (await import("tsx/esm/api")).register();` : "";
  const worker = new Worker(`(async () => { ${loader} await import(${JSON.stringify(entry.href)}); })();`, {
    eval: true,
    workerData: options,
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    worker.once("message", (message: { type: "ready"; details: Ready } | { type: "failed"; message: string }) => {
      if (message.type === "ready") resolve(message.details);
      else reject(new Error(message.message));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`${entry.pathname} thread exited with code ${code}`)));
  });
  worker.unref();
  let stopping: Promise<void> | null = null;
  return {
    ...ready,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        // Keep the process alive until the thread has closed its files.
        worker.ref();
        worker.once("exit", () => resolve());
        worker.postMessage({ type: "stop" });
      });
      return stopping;
    },
  };
}

/** In the worker: starts the server with the options given to `startOnThread`, reports it, and stops on request. */
export async function serveOnThread<Server extends Stoppable>(
  start: (options: never) => Promise<Server>,
  details: (server: Server) => object,
): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("serveOnThread runs only in a worker thread");
  try {
    const server = await start(workerData as never);
    port.on("message", async (message: { type: string }) => {
      if (message.type !== "stop") return;
      await server.stop();
      port.close();
    });
    port.postMessage({ type: "ready", details: details(server) });
  } catch (error) {
    port.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  }
}

/** The module next to `here` named `name`, as source (.ts) when running from source. */
export function sibling(here: string, name: string): URL {
  return new URL(`./${name}.${here.endsWith(".ts") ? "ts" : "js"}`, here);
}

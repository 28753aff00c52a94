import { parentPort, workerData } from "node:worker_threads";
import { type EmbeddedRedisOptions, startEmbeddedRedis } from "./server.js";

const port = parentPort;
if (!port) throw new Error("thread-entry runs only as a worker thread");

try {
  const server = await startEmbeddedRedis(workerData as EmbeddedRedisOptions);
  port.on("message", async (message: { type: string }) => {
    if (message.type !== "stop") return;
    await server.stop();
    port.close();
  });
  port.postMessage({
    type: "ready",
    url: server.url,
    host: server.host,
    port: server.port,
    recovered: server.recovered,
  });
} catch (error) {
  port.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) });
}

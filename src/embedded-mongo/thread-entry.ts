import { parentPort, workerData } from "node:worker_threads";
import { type EmbeddedMongoOptions, startEmbeddedMongo } from "./server.js";

const port = parentPort;
if (!port) throw new Error("thread-entry runs only as a worker thread");

try {
  const server = await startEmbeddedMongo(workerData as EmbeddedMongoOptions);
  port.on("message", async (message: { type: string }) => {
    if (message.type !== "stop") return;
    await server.stop();
    port.close();
  });
  port.postMessage({
    type: "ready",
    uri: server.uri,
    host: server.host,
    port: server.port,
    recovered: server.recovered,
  });
} catch (error) {
  port.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) });
}

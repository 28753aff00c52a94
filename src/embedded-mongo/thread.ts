import { sibling, startOnThread } from "../embedded-server/index.js";
import type { EmbeddedMongo, EmbeddedMongoOptions } from "./server.js";

/** The embedded MongoDB on its own thread: its work uses a second core instead of the caller's event loop. */
export function startEmbeddedMongoThread(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  return startOnThread<Omit<EmbeddedMongo, "stop">>(sibling(import.meta.url, "thread-entry"), options);
}

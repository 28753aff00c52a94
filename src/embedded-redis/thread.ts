import { sibling, startOnThread } from "../embedded-server/index.js";
import type { EmbeddedRedis, EmbeddedRedisOptions } from "./server.js";

/** The embedded Redis on its own thread: the commands of a busy service use a second core. */
export function startEmbeddedRedisThread(options: EmbeddedRedisOptions = {}): Promise<EmbeddedRedis> {
  return startOnThread<Omit<EmbeddedRedis, "stop">>(sibling(import.meta.url, "thread-entry"), options);
}

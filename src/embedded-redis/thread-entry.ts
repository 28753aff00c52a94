import { serveOnThread } from "../embedded-server/index.js";
import { startEmbeddedRedis } from "./server.js";

await serveOnThread(startEmbeddedRedis, ({ url, host, port, recovered }) => ({ url, host, port, recovered }));

import { serveOnThread } from "../embedded-server/index.js";
import { startEmbeddedMongo } from "./server.js";

await serveOnThread(startEmbeddedMongo, ({ uri, host, port, recovered }) => ({ uri, host, port, recovered }));

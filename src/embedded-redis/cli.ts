import { parseArgs } from "node:util";
import { startEmbeddedRedis } from "./server.js";

/** `npm run -s redis:embedded -- --port 6390 --dir ./data/redis`: the embedded server on its own. */
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "6379" },
    dir: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a whole number from 0 to 65535, not "${values.port}"\n`);
  process.exit(2);
}
const server = await startEmbeddedRedis({ port, host: values.host, ...(values.dir ? { dir: values.dir } : {}) });
const kept = values.dir ? `append-only file in ${values.dir}` : "data in memory only";
process.stdout.write(`embedded Redis listening on ${server.url} (${kept})\n`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, async () => {
    await server.stop();
    process.exit(0);
  });
}

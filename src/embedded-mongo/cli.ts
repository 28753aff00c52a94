import { parseArgs } from "node:util";
import { startEmbeddedMongo } from "./server.js";

/** `npm run -s mongo:embedded -- --port 27017 --dbpath ./data/db`: the embedded server on its own. */
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "27017" },
    dbpath: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a whole number from 0 to 65535, not "${values.port}"\n`);
  process.exit(2);
}
const server = await startEmbeddedMongo({
  port,
  host: values.host,
  ...(values.dbpath ? { dbPath: values.dbpath } : {}),
});
const kept = values.dbpath ? `data in ${values.dbpath}` : "data in memory only";
process.stdout.write(`embedded MongoDB listening on ${server.uri} (${kept})\n`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, async () => {
    await server.stop();
    process.exit(0);
  });
}

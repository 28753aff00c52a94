import { parseArgs } from "node:util";
import { startEmbeddedMongo } from "./server.js";

const USAGE = `Usage: npm run -s mongo:embedded -- [--port 27017] [--host 127.0.0.1] [--dbpath DIR]

The embedded MongoDB-compatible server on its own (development and tests; not for production).
  --port     TCP port (0: any free port); default 27017
  --host     address to listen on; default 127.0.0.1
  --dbpath   keep data in DIR (a journal); without it data lives in memory only
TTL indexes are swept every 10 s (MongoDB's own monitor: every 60 s).
`;

/** `npm run -s mongo:embedded -- --port 27017 --dbpath ./data/db`: the embedded server on its own. */
let parsed: ReturnType<typeof parseOptions>;
try {
  parsed = parseOptions();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
const { values } = parsed;
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

function parseOptions() {
  return parseArgs({
    options: {
      port: { type: "string", default: "27017" },
      dbpath: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      help: { type: "boolean", short: "h" },
    },
  });
}

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

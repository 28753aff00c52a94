import { formatConfigErrors, loadConfig } from "./config.js";
import { createLogger } from "./infra/logger.js";
import { StartupError } from "./infra/startup-error.js";
import { type RunningService, startService } from "./service.js";

/** `npm start`: read the configuration, start the service, stop cleanly on SIGTERM or SIGINT. */
const loaded = loadConfig();
if (!loaded.ok) {
  process.stderr.write(`${formatConfigErrors(loaded.errors)}\n`);
  process.exit(2);
}
const { config } = loaded;
const logger = createLogger(config.logLevel);

// Listening before start-up: a signal that arrives while the stores open stops the service as soon
// as it is up, instead of killing the process halfway (and its embedded stores with it).
let running: Promise<RunningService> | null = null;
let stopRequested = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopRequested) return;
    stopRequested = true;
    logger.info({ signal }, "stopping");
    (running ?? Promise.reject(new Error("not started")))
      .then((service) => service.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
  });
}

try {
  running = startService(config, logger);
  await running;
} catch (error) {
  if (error instanceof StartupError) {
    process.stderr.write(`Cannot start: ${error.message}\n`);
    process.exit(2);
  }
  logger.fatal({ err: error }, "start-up failed");
  process.exit(1);
}

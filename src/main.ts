import { formatConfigErrors, loadConfig } from "./config.js";
import { createLogger } from "./infra/logger.js";
import { StartupError } from "./infra/startup-error.js";
import { startService } from "./service.js";

/** `npm start`: read the configuration, start the service, stop cleanly on SIGTERM or SIGINT. */
const loaded = loadConfig();
if (!loaded.ok) {
  process.stderr.write(`${formatConfigErrors(loaded.errors)}\n`);
  process.exit(2);
}
const { config } = loaded;
const logger = createLogger(config.logLevel);

try {
  const service = await startService(config, logger);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "stopping");
      service.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  if (error instanceof StartupError) {
    process.stderr.write(`Cannot start: ${error.message}\n`);
    process.exit(2);
  }
  logger.fatal({ err: error }, "start-up failed");
  process.exit(1);
}

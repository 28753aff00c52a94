import { formatConfigErrors, loadConfig } from "../src/config.js";
import { createLogger } from "../src/infra/logger.js";
import { StartupError } from "../src/infra/startup-error.js";
import { Cleanup, openStores } from "../src/service.js";
import { createConversationEngine } from "./engine/index.js";
import { startWechatyBot } from "./wechat-bot.js";

/** `npm run bot`: the WeChat bot alone, on the same stores and services as the API. */
const loaded = loadConfig();
if (!loaded.ok) {
  process.stderr.write(`${formatConfigErrors(loaded.errors)}\n`);
  process.exit(2);
}
const { config } = loaded;
if (!config.wechaty.puppet) {
  process.stderr.write(
    "Configuration error:\n  WECHATY_PUPPET: required for npm run bot (e.g. wechaty-puppet-wechat4u)\n",
  );
  process.exit(2);
}
const logger = createLogger(config.logLevel);
const cleanup = new Cleanup(logger);
try {
  const { redis, services } = await openStores(config, logger, cleanup);
  const bot = await startWechatyBot(config, createConversationEngine(services, redis), services, redis, logger);
  cleanup.add(() => bot.stop());
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => cleanup.run().then(() => process.exit(0)));
  }
} catch (error) {
  await cleanup.run();
  if (error instanceof StartupError) {
    process.stderr.write(`Cannot start: ${error.message}\n`);
    process.exit(2);
  }
  logger.fatal({ err: error }, "the bot could not start");
  process.exit(1);
}

import { WechatyBuilder } from "wechaty";
import { botAlertSender } from "../src/chat/bot-alerts.js";
import type { RedisClient } from "../src/chat/bot-interface.js";
import type { Config } from "../src/config.js";
import type { Logger } from "../src/infra/logger.js";
import type { Services } from "../src/services.js";
import type { ConversationEngine } from "./engine/index.js";
import { connectWechaty, wechatyMessenger } from "./transports/wechaty.js";

/**
 * The bot on a real WeChat account through the configured puppet (WECHATY_PUPPET, e.g.
 * wechaty-puppet-wechat4u for the web protocol, with WECHATY_PUPPET_SERVICE_TOKEN for a puppet
 * service). The login QR code is logged as a link to open and scan with the bot's phone. It also
 * sends the alerts queued for residents who bound their contact.
 */
export async function startWechatyBot(
  config: Config,
  engine: ConversationEngine,
  services: Services,
  redis: RedisClient,
  logger: Logger,
) {
  const bot = WechatyBuilder.build({
    name: config.wechaty.name,
    puppet: config.wechaty.puppet as never,
    ...(config.wechaty.token ? { puppetOptions: { token: config.wechaty.token } } : {}),
  });
  connectWechaty(bot, engine, services, logger);
  bot.on("scan", (qrcode, status) => {
    logger.info(
      { status, login: `https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}` },
      "scan this to log the bot in",
    );
  });
  bot.on("login", (user) => logger.info({ account: user.name() }, "the WeChat bot is logged in"));
  bot.on("error", (error) => logger.error({ err: error }, "WeChat bot problem"));
  await bot.start();
  const alerts = botAlertSender(redis, logger, wechatyMessenger(bot), config.queueClaimIdleMs);
  await alerts.start();
  return {
    bot,
    async stop() {
      await alerts.stop();
      await bot.stop();
    },
  };
}

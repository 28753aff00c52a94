import type { BotServices, RedisClient } from "../../src/chat/bot-interface.js";
import { createFaqMatcher } from "../faq/knowledge.js";
import { ConversationEngine } from "./engine.js";
import { ChatSessions } from "./sessions.js";

export { ConversationEngine } from "./engine.js";

export function createConversationEngine(services: BotServices, redis: RedisClient): ConversationEngine {
  return new ConversationEngine(
    services,
    new ChatSessions(redis, services.protector),
    createFaqMatcher({ retentionDays: services.config.retentionDays }),
  );
}

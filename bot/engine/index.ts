import type { Redis } from "ioredis";
import type { Services } from "../../src/services.js";
import { createFaqMatcher } from "../faq/knowledge.js";
import { ConversationEngine } from "./engine.js";
import { ChatSessions } from "./sessions.js";

export { ConversationEngine } from "./engine.js";
export type { ChatIdentity, Reply } from "./types.js";

export function createConversationEngine(services: Services, redis: Redis): ConversationEngine {
  return new ConversationEngine(services, new ChatSessions(redis, services.protector), createFaqMatcher());
}

/**
 * Everything the chat bot (bot/engine, bot/faq, bot/transports) may use of the service: the
 * services it acts through and the few definitions it shares with the API (schemas, masks, the
 * QR code). The bot imports the service through this module only; test/architecture.test.ts holds
 * it to that.
 */
import type { Services } from "../services.js";

/** Where conversations keep their state: one Redis server or a cluster. */
export type { RedisClient } from "../infra/redis-client.js";

/** The services the bot acts through: the same use cases as the API, nothing more. */
export type BotServices = Pick<
  Services,
  | "config"
  | "reference"
  | "protector"
  | "rateLimits"
  | "users"
  | "venues"
  | "companions"
  | "bindings"
  | "signInLinks"
  | "tickets"
  | "stats"
>;

export { COMPANION_RELATIONS, type CompanionRelation, RELATION_WORDS, relationIn } from "../companions/relations.js";
export { AppError } from "../errors.js";
export { maskIdNumber, maskPersonalNumbersIn, maskPhone } from "../identity/masking.js";
export { personSchema } from "../identity/person.js";
export type { PersonalDataProtector } from "../identity/protection.js";
export type { Logger } from "../infra/logger.js";
export type { UserDocument } from "../users/user.model.js";
export { qrPng } from "../venues/printables.js";
export { venueFields } from "../venues/venues.schema.js";
export type { BindingsService } from "./bindings.service.js";
export { type ChatEngine, type ChatIdentity, type Reply, signIn, text } from "./conversation.js";
export type { SignInLinks } from "./sign-in-links.service.js";

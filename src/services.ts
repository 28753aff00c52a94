import type { Redis } from "ioredis";
import { TokenService } from "./auth/tokens.js";
import type { Config } from "./config.js";
import { PersonalDataProtector } from "./identity/protection.js";
import { OfficialsService } from "./officials/officials.service.js";
import { loadReferenceData, type ReferenceData } from "./reference/reference-data.js";
import { UsersService } from "./users/users.service.js";
import { VenuesService } from "./venues/venues.service.js";

/**
 * The domain services, built once and shared by the HTTP routes and the chat bot, so that a venue
 * registered by chat goes through the same code as one registered through the API.
 */
export interface Services {
  config: Config;
  reference: ReferenceData;
  protector: PersonalDataProtector;
  tokens: TokenService;
  users: UsersService;
  officials: OfficialsService;
  venues: VenuesService;
}

export function createServices(config: Config, redis: Redis): Services {
  const reference = loadReferenceData(config.regionsFile);
  const protector = new PersonalDataProtector(config.secrets.IDENTITY_HASH_KEY, config.secrets.IDENTITY_ENCRYPTION_KEY);
  return {
    config,
    reference,
    protector,
    tokens: new TokenService(config.secrets.JWT_SECRET, config.tokenTtlSeconds),
    users: new UsersService({
      protector,
      production: config.nodeEnv === "production",
      wechat: config.wechat,
      wechatApiBase: config.wechatApiBase,
    }),
    officials: new OfficialsService(redis),
    venues: new VenuesService({
      protector,
      reference,
      codeSecret: config.secrets.VENUE_CODE_SECRET,
      publicBaseUrl: config.publicBaseUrl,
    }),
  };
}

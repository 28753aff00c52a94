import type { Redis } from "ioredis";
import { AuditLog } from "./audit/audit.service.js";
import { TokenService } from "./auth/tokens.js";
import { BindingsService } from "./chat/bindings.service.js";
import { CompanionsService } from "./companions/companions.service.js";
import type { Config } from "./config.js";
import { ExposuresService } from "./exposures/exposures.service.js";
import { BuiltinHealthCodes, type HealthCodeProvider, HttpHealthCodes } from "./health-codes/providers.js";
import { PersonalDataProtector } from "./identity/protection.js";
import type { Logger } from "./infra/logger.js";
import { InspectionsService } from "./inspections/inspections.service.js";
import { OfficialsService } from "./officials/officials.service.js";
import { loadReferenceData, type ReferenceData } from "./reference/reference-data.js";
import { RateLimiter } from "./scans/rate-limiter.js";
import { ScansService } from "./scans/scans.service.js";
import { StatsService } from "./stats/stats.service.js";
import { UsersService } from "./users/users.service.js";
import { VenueCache } from "./venues/venue-cache.js";
import { VenuesService } from "./venues/venues.service.js";
import { LiveFeed } from "./visits/live-feed.js";
import { VisitsService } from "./visits/visits.service.js";

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
  companions: CompanionsService;
  healthCodes: HealthCodeProvider;
  liveFeed: LiveFeed;
  venueCache: VenueCache;
  scans: ScansService;
  visits: VisitsService;
  bindings: BindingsService;
  audit: AuditLog;
  exposures: ExposuresService;
  stats: StatsService;
  inspections: InspectionsService;
  /** Closes what the services hold open (the live feed's subscriber and its streams). */
  close(): Promise<void>;
}

export function createServices(config: Config, redis: Redis, logger: Logger): Services {
  const reference = loadReferenceData(config.regionsFile);
  const protector = new PersonalDataProtector(config.secrets.IDENTITY_HASH_KEY, config.secrets.IDENTITY_ENCRYPTION_KEY);
  const venueCache = new VenueCache(redis, logger);
  const liveFeed = new LiveFeed(redis, logger);
  const users = new UsersService({
    protector,
    production: config.nodeEnv === "production",
    wechat: config.wechat,
    wechatApiBase: config.wechatApiBase,
  });
  const companions = new CompanionsService(protector);
  const audit = new AuditLog();
  const healthCodes: HealthCodeProvider =
    config.healthCodes.provider === "http"
      ? new HttpHealthCodes(config.healthCodes.url, config.healthCodes.timeoutMs, protector)
      : new BuiltinHealthCodes();
  return {
    config,
    reference,
    protector,
    tokens: new TokenService(config.secrets.JWT_SECRET, config.tokenTtlSeconds),
    users,
    officials: new OfficialsService(redis),
    venues: new VenuesService({
      protector,
      reference,
      venueCache,
      codeSecret: config.secrets.VENUE_CODE_SECRET,
      publicBaseUrl: config.publicBaseUrl,
    }),
    companions,
    healthCodes,
    liveFeed,
    venueCache,
    scans: new ScansService({
      codeSecret: config.secrets.VENUE_CODE_SECRET,
      retentionDays: config.retentionDays,
      limits: config.scanRateLimits,
      reference,
      protector,
      users,
      companions,
      venueCache,
      healthCodes,
      rateLimiter: new RateLimiter(redis, logger),
      liveFeed,
      redis,
      logger,
    }),
    visits: new VisitsService(),
    bindings: new BindingsService(redis),
    audit,
    exposures: new ExposuresService({
      redis,
      protector,
      audit,
      confirmThreshold: config.exposures.confirmThreshold,
      caseBufferMinutes: config.exposures.caseBufferMinutes,
    }),
    stats: new StatsService(reference, audit),
    inspections: new InspectionsService(reference),
    close: () => liveFeed.close(),
  };
}

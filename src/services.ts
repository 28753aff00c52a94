import { AuditLog } from "./audit/audit.service.js";
import { TokenService } from "./auth/tokens.js";
import { BindingsService } from "./chat/bindings.service.js";
import { SignInLinks } from "./chat/sign-in-links.service.js";
import { CompanionsService } from "./companions/companions.service.js";
import type { Config } from "./config.js";
import { ExposuresService } from "./exposures/exposures.service.js";
import { HealthCodesService } from "./health-codes/health-codes.service.js";
import { BuiltinHealthCodes, type HealthCodeProvider, HttpHealthCodes } from "./health-codes/providers.js";
import { PersonalDataProtector } from "./identity/protection.js";
import { BuiltinIdentityVerifier, HttpIdentityVerifier, type IdentityVerifier } from "./identity/verifier.js";
import { IdentityClaimsService } from "./identity-claims/identity-claims.service.js";
import type { Logger } from "./infra/logger.js";
import { RateLimiter } from "./infra/rate-limiter.js";
import type { RedisClient } from "./infra/redis-client.js";
import { InspectionsService } from "./inspections/inspections.service.js";
import { NotificationsService } from "./notifications/notifications.service.js";
import { OfficialsService } from "./officials/officials.service.js";
import { loadReferenceData, type ReferenceData } from "./reference/reference-data.js";
import { ScansService } from "./scans/scans.service.js";
import { StatsService } from "./stats/stats.service.js";
import { TicketsService } from "./tickets/tickets.service.js";
import { UsersService } from "./users/users.service.js";
import { VenueCache } from "./venues/venue-cache.js";
import { VenuesService } from "./venues/venues.service.js";
import { LiveFeed } from "./visits/live-feed.js";
import { VisitsService } from "./visits/visits.service.js";

/** Counters over a minute and over a day, shared by every limit that is not its own kind. */
export interface RateLimits {
  perMinute: RateLimiter;
  perDay: RateLimiter;
}

/**
 * The domain services, built once and shared by the HTTP routes and the chat bot, so that a venue
 * registered by chat goes through the same code as one registered through the API.
 */
export interface Services {
  config: Config;
  reference: ReferenceData;
  protector: PersonalDataProtector;
  identityVerifier: IdentityVerifier;
  rateLimits: RateLimits;
  tokens: TokenService;
  users: UsersService;
  officials: OfficialsService;
  venues: VenuesService;
  companions: CompanionsService;
  healthCodeProvider: HealthCodeProvider;
  healthCodes: HealthCodesService;
  liveFeed: LiveFeed;
  venueCache: VenueCache;
  scans: ScansService;
  visits: VisitsService;
  notifications: NotificationsService;
  bindings: BindingsService;
  signInLinks: SignInLinks;
  tickets: TicketsService;
  audit: AuditLog;
  identityClaims: IdentityClaimsService;
  exposures: ExposuresService;
  stats: StatsService;
  inspections: InspectionsService;
  /** Closes what the services hold open (the live feed's subscriber and its streams). */
  close(): Promise<void>;
}

export function createServices(config: Config, redis: RedisClient, logger: Logger): Services {
  const reference = loadReferenceData(config.regionsFile);
  const protector = new PersonalDataProtector(config.secrets.IDENTITY_HASH_KEY, config.secrets.IDENTITY_ENCRYPTION_KEY);
  const identityVerifier: IdentityVerifier =
    config.identityProvider.provider === "http"
      ? new HttpIdentityVerifier(config.identityProvider.url, config.identityProvider.timeoutMs)
      : new BuiltinIdentityVerifier();
  const rateLimits: RateLimits = {
    perMinute: new RateLimiter(redis, logger),
    perDay: new RateLimiter(redis, logger, 86_400_000),
  };
  const venueCache = new VenueCache(redis, logger);
  const liveFeed = new LiveFeed(redis, logger);
  const users = new UsersService({
    protector,
    verifier: identityVerifier,
    developmentSignIn: config.nodeEnv !== "production",
    wechat: config.wechat,
    wechatApiBase: config.wechatApiBase,
  });
  const companions = new CompanionsService({
    protector,
    verifier: identityVerifier,
    users,
    dailyLimiter: rateLimits.perDay,
  });
  const audit = new AuditLog();
  const visits = new VisitsService();
  const notifications = new NotificationsService();
  const healthCodeProvider: HealthCodeProvider =
    config.healthCodes.provider === "http"
      ? new HttpHealthCodes(config.healthCodes.url, config.healthCodes.timeoutMs, protector)
      : new BuiltinHealthCodes();
  const healthCodes = new HealthCodesService({ provider: healthCodeProvider, protector, audit, visits });
  const bindings = new BindingsService(redis, logger);
  const venues = new VenuesService({
    protector,
    reference,
    venueCache,
    codeSecret: config.secrets.VENUE_CODE_SECRET,
    publicBaseUrl: config.publicBaseUrl,
    dailyLimiter: rateLimits.perDay,
  });
  return {
    config,
    reference,
    protector,
    identityVerifier,
    rateLimits,
    tokens: new TokenService(config.secrets.JWT_SECRET, config.tokenTtlSeconds),
    users,
    officials: new OfficialsService(redis, logger),
    venues,
    companions,
    healthCodeProvider,
    healthCodes,
    liveFeed,
    venueCache,
    scans: new ScansService({
      codeSecret: config.secrets.VENUE_CODE_SECRET,
      retentionDays: config.retentionDays,
      limits: config.scanRateLimits,
      reference,
      protector,
      verifier: identityVerifier,
      users,
      companions,
      venueCache,
      healthCodes: healthCodeProvider,
      notifications,
      rateLimiter: rateLimits.perMinute,
      dailyLimiter: rateLimits.perDay,
      liveFeed,
      visits,
      redis,
      logger,
    }),
    visits,
    notifications,
    bindings,
    signInLinks: new SignInLinks(redis, bindings, config.publicBaseUrl),
    tickets: new TicketsService(rateLimits.perDay, audit),
    audit,
    identityClaims: new IdentityClaimsService({
      protector,
      verifier: identityVerifier,
      users,
      visits,
      notifications,
      healthCodes,
      audit,
    }),
    exposures: new ExposuresService({
      redis,
      protector,
      audit,
      confirmThreshold: config.exposures.confirmThreshold,
      caseBufferMinutes: config.exposures.caseBufferMinutes,
      retentionDays: config.retentionDays,
      venues,
      visits,
      notifications,
    }),
    stats: new StatsService({ reference, audit, venues, visits }),
    inspections: new InspectionsService(reference, venues),
    close: () => liveFeed.close(),
  };
}

import { bodyParser } from "@koa/bodyparser";
import type Router from "@koa/router";
import Koa from "koa";
import type { Connection } from "mongoose";
import { auditRoutes } from "./audit/audit.routes.js";
import { authRoutes } from "./auth/auth.routes.js";
import { chatRoutes } from "./chat/chat.routes.js";
import type { ChatEngine } from "./chat/conversation.js";
import { companionRoutes } from "./companions/companions.routes.js";
import type { Config } from "./config.js";
import { exposureRoutes } from "./exposures/exposures.routes.js";
import { healthRoutes } from "./health/routes.js";
import { healthCodeRoutes } from "./health-codes/health-codes.routes.js";
import { authenticate } from "./http/authenticate.js";
import { type AnyRoute, routerOf } from "./http/contract.js";
import { errorHandler } from "./http/error-handler.js";
import { notFound } from "./http/not-found.js";
import { openApiRoute } from "./http/openapi.js";
import { requestContext } from "./http/request-context.js";
import { identityClaimRoutes } from "./identity-claims/identity-claims.routes.js";
import type { Logger } from "./infra/logger.js";
import type { RedisClient } from "./infra/redis-client.js";
import { inspectionRoutes } from "./inspections/inspections.routes.js";
import { notificationRoutes } from "./notifications/notifications.routes.js";
import { subscriptionRoutes } from "./notifications/subscriptions.routes.js";
import { referenceRoutes } from "./reference/reference.routes.js";
import { scanRoutes } from "./scans/scans.routes.js";
import type { Services } from "./services.js";
import { statsRoutes } from "./stats/stats.routes.js";
import { ticketRoutes } from "./tickets/tickets.routes.js";
import { meRoutes } from "./users/me.routes.js";
import { venueCodeRoutes } from "./venue-codes/venue-codes.routes.js";
import { venueRoutes } from "./venues/venues.routes.js";
import { visitRoutes } from "./visits/visits.routes.js";
import { webRoutes } from "./web/web.routes.js";

export interface AppDependencies {
  config: Config;
  logger: Logger;
  mongo: Connection;
  redis: RedisClient;
  services: Services;
  /** The chat bot's conversation engine (bot/), given by the composition root. */
  chat: ChatEngine;
}

export const MAX_BODY = "100kb";

/** The service: every domain's routes behind the shared middleware. */
export function createApp(deps: AppDependencies): Koa {
  // Outside production every answer is checked against its route's declared response.
  const checkResponses = deps.config.nodeEnv !== "production";
  return composeApp(deps, [routerOf(serviceRoutes(deps), { checkResponses })]);
}

/** Every domain's routes, in the order they are tried, and the OpenAPI document describing them all. */
export function serviceRoutes(deps: AppDependencies): AnyRoute[] {
  const { services } = deps;
  const routes: AnyRoute[] = [
    ...healthRoutes(deps),
    ...authRoutes(services),
    ...meRoutes(services),
    ...referenceRoutes(services),
    ...venueRoutes(services),
    ...venueCodeRoutes(services),
    ...companionRoutes(services),
    ...scanRoutes(services),
    ...visitRoutes(services),
    ...healthCodeRoutes(services),
    ...identityClaimRoutes(services),
    ...ticketRoutes(services),
    ...exposureRoutes(services),
    ...notificationRoutes(services),
    ...subscriptionRoutes(services),
    ...auditRoutes(services),
    ...statsRoutes(services),
    ...webRoutes(services),
    ...inspectionRoutes(services),
    ...chatRoutes(deps.chat, services),
  ];
  return [...routes, openApiRoute(routes)];
}

/** The middleware every request passes through (ids, logs, errors, body parsing), then `routers`. */
export function composeApp(deps: AppDependencies, routers: Router[]): Koa {
  const app = new Koa();
  app.silent = true;
  // Behind load balancers, the client's address is the one the nearest trusted proxy saw.
  if (deps.config.trustedProxies > 0) {
    app.proxy = true;
    app.maxIpsCount = deps.config.trustedProxies;
  }
  app.use(requestContext(deps.logger));
  app.use(errorHandler);
  app.use(notFound);
  app.use(bodyParser({ enableTypes: ["json"], jsonLimit: MAX_BODY, encoding: "utf-8" }));
  app.use(authenticate(deps.services.tokens));
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}

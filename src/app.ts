import { bodyParser } from "@koa/bodyparser";
import type Router from "@koa/router";
import type { Redis } from "ioredis";
import Koa from "koa";
import type { Connection } from "mongoose";
import type { Config } from "./config.js";
import { healthRoutes } from "./health/routes.js";
import { errorHandler } from "./http/error-handler.js";
import { notFound } from "./http/not-found.js";
import { requestContext } from "./http/request-context.js";
import type { Logger } from "./infra/logger.js";

export interface AppDependencies {
  config: Config;
  logger: Logger;
  mongo: Connection;
  redis: Redis;
}

export const MAX_BODY = "100kb";

/** The service: every domain's routes behind the shared middleware. */
export function createApp(deps: AppDependencies): Koa {
  return composeApp(deps, [healthRoutes(deps)]);
}

/** The middleware every request passes through (ids, logs, errors, body parsing), then `routers`. */
export function composeApp(deps: AppDependencies, routers: Router[]): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(requestContext(deps.logger));
  app.use(errorHandler);
  app.use(notFound);
  app.use(bodyParser({ enableTypes: ["json"], jsonLimit: MAX_BODY, encoding: "utf-8" }));
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}

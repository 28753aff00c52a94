import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import Router from "@koa/router";
import type { Context } from "koa";
import { NotFoundError } from "../errors.js";
import type { Services } from "../services.js";
import { lookUpVenueCode } from "../venue-codes/lookup.js";
import { CHINESE_FONTS } from "../venues/printables.js";
import { chatPage, consolePage, landingPage, openInWeChatPage } from "./pages.js";

const ASSETS = join(import.meta.dirname, "assets/");
const ASSET_TYPES: Record<string, string> = { css: "text/css; charset=utf-8", js: "text/javascript; charset=utf-8" };

/** Pages load nothing from elsewhere and run no inline script. */
function asPage(ctx: Context, html: string): void {
  ctx.type = "text/html; charset=utf-8";
  ctx.set(
    "Content-Security-Policy",
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  );
  ctx.set("X-Content-Type-Options", "nosniff");
  ctx.body = html;
}

/**
 * The web faces: the landing page a scanned code opens in any phone browser (GET /s/:code), the web
 * chat with the bot (GET /chat), the officials' console (GET /console), and their assets.
 */
export function webRoutes(services: Services): Router {
  const router = new Router();
  const development = services.config.nodeEnv !== "production";

  router.get("/s/:code", async (ctx) => {
    const code = ctx.params.code ?? "";
    const found = await lookUpVenueCode(services, code);
    if (found.status === "invalid") ctx.status = 404;
    if (found.status === "revoked") ctx.status = 410;
    asPage(ctx, landingPage(found, code, development));
  });

  router.get("/chat", (ctx) => asPage(ctx, chatPage(development)));
  // Sign-in links and staff invitations are opened by the mini-program; a browser is told so.
  router.get("/l/:token", (ctx) => asPage(ctx, openInWeChatPage("sign-in")));
  router.get("/i/:code", (ctx) => asPage(ctx, openInWeChatPage("invite")));
  router.get("/console", (ctx) => asPage(ctx, consolePage()));
  router.get("/", (ctx) => ctx.redirect("/console"));

  // Only fetched by browsers that lack every Chinese system font named before it in site.css.
  router.get("/assets/fonts/:weight.ttf", async (ctx) => {
    const weight = ctx.params.weight;
    if (weight !== "regular" && weight !== "bold") throw new NotFoundError("No such font");
    ctx.type = "font/ttf";
    ctx.set("Cache-Control", "public, max-age=604800, immutable");
    ctx.body = createReadStream(CHINESE_FONTS[weight]);
  });

  router.get("/assets/:file", async (ctx) => {
    const match = /^([a-z-]+)\.(css|js)$/.exec(ctx.params.file ?? "");
    const type = match?.[2] ? ASSET_TYPES[match[2]] : undefined;
    if (!match || !type) throw new NotFoundError("No such asset");
    const content = await readFile(`${ASSETS}${match[0]}`).catch(() => {
      throw new NotFoundError("No such asset");
    });
    ctx.type = type;
    ctx.set("Cache-Control", "no-cache");
    ctx.body = content;
  });

  return router;
}

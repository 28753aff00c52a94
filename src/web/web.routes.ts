import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Context } from "koa";
import { NotFoundError } from "../errors.js";
import { defineRoute } from "../http/contract.js";
import type { Services } from "../services.js";
import { lookUpVenueCode } from "../venue-codes/lookup.js";
import { CHINESE_FONTS } from "../venues/printables.js";
import { chatPage, consolePage, landingPage, openInWeChatPage } from "./pages.js";

const ASSETS = join(import.meta.dirname, "assets/");
const HTML = { contentType: "text/html; charset=utf-8", description: "a web page" };
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
export function webRoutes(services: Services) {
  const development = services.config.nodeEnv !== "production";
  const page = (path: string, summary: string, render: (ctx: Context) => string | Promise<string>, statuses = [200]) =>
    defineRoute({
      method: "get",
      path,
      tag: "web",
      summary,
      access: "anyone",
      responses: Object.fromEntries(statuses.map((status) => [status, HTML])),
      async handle(ctx) {
        asPage(ctx, await render(ctx));
      },
    });

  return [
    page(
      "/s/:code",
      "The page a venue's QR code opens in a phone browser: the venue and how to scan; a warning for a revoked (410) or forged (404) code",
      async (ctx) => {
        const code = String(ctx.params.code ?? "");
        const found = await lookUpVenueCode(services, code);
        if (found.status === "invalid") ctx.status = 404;
        if (found.status === "revoked") ctx.status = 410;
        return landingPage(found, code, development);
      },
      [200, 404, 410],
    ),
    page("/chat", "The web chat with the bot", () => chatPage(development)),
    // Sign-in links and staff invitations are opened by the mini-program; a browser is told so.
    page("/l/:token", "A chat's sign-in link opened outside WeChat: how to open it in the mini-program", () =>
      openInWeChatPage("sign-in"),
    ),
    page("/i/:code", "A staff invitation opened outside WeChat: how to open it in the mini-program", () =>
      openInWeChatPage("invite"),
    ),
    page("/console", "The officials' console", () => consolePage()),
    defineRoute({
      method: "get",
      path: "/",
      tag: "web",
      summary: "Redirects to the officials' console",
      access: "anyone",
      responses: { 302: HTML },
      handle(ctx) {
        ctx.redirect("/console");
      },
    }),
    // Only fetched by browsers that lack every Chinese system font named before it in site.css.
    defineRoute({
      method: "get",
      path: "/assets/fonts/:weight.ttf",
      tag: "web",
      summary: "Noto Sans SC, regular or bold, for browsers without a Chinese font",
      access: "anyone",
      responses: { 200: { contentType: "font/ttf", description: "a TrueType font" } },
      handle(ctx) {
        const weight: unknown = ctx.params.weight;
        if (weight !== "regular" && weight !== "bold") throw new NotFoundError("No such font");
        ctx.type = "font/ttf";
        ctx.set("Cache-Control", "public, max-age=604800, immutable");
        ctx.body = createReadStream(CHINESE_FONTS[weight]);
      },
    }),
    defineRoute({
      method: "get",
      path: "/assets/:file",
      tag: "web",
      summary: "The pages' style sheet and scripts",
      access: "anyone",
      responses: {
        200: [
          { contentType: "text/css; charset=utf-8", description: "a style sheet" },
          { contentType: "text/javascript; charset=utf-8", description: "a script module" },
        ],
      },
      async handle(ctx) {
        const match = /^([a-z-]+)\.(css|js)$/.exec(String(ctx.params.file ?? ""));
        const type = match?.[2] ? ASSET_TYPES[match[2]] : undefined;
        if (!match || !type) throw new NotFoundError("No such asset");
        const content = await readFile(`${ASSETS}${match[0]}`).catch(() => {
          throw new NotFoundError("No such asset");
        });
        ctx.type = type;
        ctx.set("Cache-Control", "no-cache");
        ctx.body = content;
      },
    }),
  ];
}

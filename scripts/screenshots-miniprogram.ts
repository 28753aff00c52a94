import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { installDom, installWx, renderPage } from "../test/miniprogram/simulate.js";

/**
 * The mini-program's pages as pictures for a reviewer (part of npm run -s screenshots). Each page is
 * rendered by miniprogram-simulate against the running service, as the page tests render it; its
 * DOM (WeChat's elements: wx-view, wx-text, wx-button…) goes into Chromium with the app's and the
 * components' WXSS turned into CSS (rpx → px, 750 rpx being the screen's width; WeChat's tags →
 * wx-* elements), a navigation bar with the page's title, and the tabBar on tab pages. It is a
 * faithful-enough picture, not WeChat's renderer: see README (The mini-program) for its limits.
 */

const ROOT = resolve("miniprogram");
const WIDTH = 390;
const HEIGHT = 844;

type Rendered = {
  instance: Record<string, ((...args: unknown[]) => unknown) | undefined> & {
    setData(data: Record<string, unknown>): void;
  };
  data: Record<string, unknown>;
  dom: Element;
  detach(): void;
};

export interface MiniProgramScene {
  /** The file name, without size and extension. */
  name: string;
  /** The page under miniprogram/pages. */
  page: string;
  /** Whose WeChat account the page runs as (a development sign-in code). */
  user: string;
  options?: Record<string, string>;
  /** What a person does on the page before the picture, once it has loaded. */
  act?: (page: Rendered) => Promise<void>;
}

const TAGS = [
  "scroll-view",
  "view",
  "text",
  "button",
  "input",
  "textarea",
  "image",
  "navigator",
  "label",
  "picker",
  "switch",
  "checkbox",
  "radio",
  "form",
  "icon",
  "block",
];

/** What WeChat's own elements look like before the app's WXSS (style v2, approximately). */
const BASE_CSS = `
* { box-sizing: border-box; }
html, body { margin: 0; }
body { font-family: -apple-system, "PingFang SC", "Noto Sans SC", sans-serif; -webkit-font-smoothing: antialiased; }
wx-view, wx-scroll-view, wx-form, wx-navigator, wx-label, wx-picker, wx-block { display: block; }
wx-text { display: inline; white-space: pre-wrap; }
wx-image { display: inline-block; width: 320px; height: 240px; background: #e6e9ef; }
wx-button { display: block; position: relative; width: 184px; margin: 0 auto; padding: 12px 24px; font-size: 17px;
  font-weight: 700; line-height: 1.41176471; text-align: center; border-radius: 8px; background: #f2f2f2; color: #06ae56;
  overflow: hidden; }
wx-button[size="mini"] { display: inline-block; width: auto; padding: 0 12px; line-height: 2.3; font-size: 13px; }
wx-button[disabled]:not([disabled="false"]) { opacity: 0.6; }
wx-input, wx-textarea { display: block; min-height: 1.4em; line-height: 1.4em; overflow: hidden; white-space: nowrap; }
wx-input::after, wx-textarea::after { content: attr(data-shown); }
wx-input.mp-placeholder::after, wx-textarea.mp-placeholder::after { color: #8a94a6; }
wx-switch::after { content: ""; display: inline-block; width: 52px; height: 32px; border-radius: 16px; background: #d5dae3; }
wx-checkbox::before { content: ""; display: inline-block; width: 22px; height: 22px; border: 1px solid #8a94a6; border-radius: 3px; vertical-align: middle; margin-right: 6px; }
.mp-nav { height: 44px; display: flex; align-items: center; justify-content: center; font-size: 17px; font-weight: 600; }
.mp-nav::after { content: "··· ◉"; position: absolute; right: 7px; height: 32px; width: 87px; border: 1px solid rgba(255,255,255,0.35);
  border-radius: 16px; font-size: 13px; line-height: 30px; text-align: center; }
.mp-status { height: 47px; }
.mp-screen { min-height: ${HEIGHT}px; display: flex; flex-direction: column; }
.mp-body { flex: 1; }
.mp-tabbar { display: flex; height: 84px; padding-bottom: 34px; border-top: 1px solid rgba(0,0,0,0.33); }
.mp-tabbar span { flex: 1; display: flex; align-items: center; justify-content: center; font-size: 12px; }
.mp-tabbar span.selected { font-weight: 600; }
`;

/** WXSS as CSS: rpx in px at `width`, WeChat's tags as their wx-* elements, `page` as the screen. */
export function wxssToCss(wxss: string, width: number): string {
  const px = wxss
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(-?\d*\.?\d+)rpx/g, (_, n: string) => `${Number((Number(n) * width) / 750).toFixed(2)}px`);
  const tag = new RegExp(`(^|[\\s,>+~(])(${TAGS.join("|")}|page)(?=$|[\\s,.#:\\[>+~)])`, "g");
  // Selectors are what stands before each "{" (outside @keyframes, whose steps are not tags).
  return px.replace(/(^|[};])([^{};]+)\{/g, (whole, before: string, selector: string) => {
    if (selector.trim().startsWith("@") || /^\s*(from|to|\d+%)\s*$/.test(selector)) return whole;
    return `${before}${selector.replace(tag, (_m, lead: string, name: string) => `${lead}${name === "page" ? ".mp-page" : `wx-${name}`}`)}{`;
  });
}

/** The app's WXSS and every component's, as CSS. */
function styles(width: number): string {
  const parts = [readFileSync(join(ROOT, "app.wxss"), "utf8")];
  for (const component of readdirSync(join(ROOT, "components"))) {
    try {
      parts.push(readFileSync(join(ROOT, "components", component, "index.wxss"), "utf8"));
    } catch {
      // A component without styles.
    }
  }
  return wxssToCss(parts.join("\n"), width);
}

/**
 * The rendered page's markup, ready for Chromium: miniprogram-simulate scopes each class with its
 * owner (main--card, pass-card--band); WeChat does that too, so the prefixes go and the WXSS applies
 * as written. Inputs show their value (or placeholder), which WeChat draws natively.
 */
function markup(dom: Element): string {
  const copy = dom.cloneNode(true) as Element;
  const owners = ["main", ...readdirSync(join(ROOT, "components"))].join("|");
  const prefix = new RegExp(`^(${owners})--`);
  const originals = [dom, ...dom.querySelectorAll("*")];
  for (const [index, node] of [copy, ...copy.querySelectorAll("*")].entries()) {
    // WeChat's own elements keep what the template gave them (value, placeholder, disabled…) only in
    // the simulator's virtual tree; written out as attributes, the picture can show them.
    const virtual = (
      originals[index] as Element & { __wxElement?: { _vt?: { attrs?: { name: string; value: unknown }[] } } }
    ).__wxElement?._vt;
    if (node.tagName.startsWith("WX-")) {
      for (const { name, value } of virtual?.attrs ?? []) {
        if (name === "class" || name === "id" || value === false || value === undefined || value === null) continue;
        if (typeof value === "object") continue;
        node.setAttribute(name, value === true ? "" : String(value));
      }
    }
    const classes = node.getAttribute("class");
    if (classes) {
      node.setAttribute(
        "class",
        classes
          .split(/\s+/)
          .filter(Boolean)
          .map((c) => c.replace(prefix, ""))
          .join(" "),
      );
    }
    if (node.tagName === "WX-INPUT" || node.tagName === "WX-TEXTAREA") {
      const value = node.getAttribute("value") ?? "";
      const placeholder = node.getAttribute("placeholder") ?? "";
      node.setAttribute("data-shown", value || placeholder);
      if (!value && placeholder) node.classList.add("mp-placeholder");
    }
  }
  return copy.outerHTML;
}

interface AppJson {
  window: {
    navigationBarBackgroundColor: string;
    navigationBarTextStyle: string;
    navigationBarTitleText: string;
    backgroundColor: string;
  };
  tabBar: { color: string; selectedColor: string; backgroundColor: string; list: { pagePath: string; text: string }[] };
}

/** A whole screen: the status and navigation bars, the page, and the tabBar on tab pages. */
function screen(page: string, body: string, width: number): string {
  const app = JSON.parse(readFileSync(join(ROOT, "app.json"), "utf8")) as AppJson;
  const own = JSON.parse(readFileSync(join(ROOT, "pages", page, "index.json"), "utf8")) as {
    navigationBarTitleText?: string;
  };
  const title = own.navigationBarTitleText ?? app.window.navigationBarTitleText;
  const bar = `background:${app.window.navigationBarBackgroundColor};color:${app.window.navigationBarTextStyle === "white" ? "#fff" : "#000"};position:relative`;
  const tabs = app.tabBar.list.some((tab) => tab.pagePath === `pages/${page}/index`)
    ? `<nav class="mp-tabbar" style="background:${app.tabBar.backgroundColor}">${app.tabBar.list
        .map((tab) => {
          const selected = tab.pagePath === `pages/${page}/index`;
          return `<span class="${selected ? "selected" : ""}" style="color:${selected ? app.tabBar.selectedColor : app.tabBar.color}">${tab.text}</span>`;
        })
        .join("")}</nav>`
    : "";
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>${BASE_CSS}${styles(width)}</style></head>
<body><div class="mp-screen mp-page" style="background:${app.window.backgroundColor}">
<div style="${bar}"><div class="mp-status"></div><div class="mp-nav">${title}</div></div>
<div class="mp-body">${body}</div>${tabs}</div></body></html>`;
}

/** Waits a little for the page's requests and what follows them to settle. */
const settle = (ms = 400) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Renders each scene against the service at `apiBase` and writes <name>-390x844.png into `out`.
 * @returns how many pictures were written
 */
export async function miniProgramScreenshots(options: {
  apiBase: string;
  browser: Browser;
  out: string;
  scenes: MiniProgramScene[];
}): Promise<number> {
  const document = installDom();
  let written = 0;
  // Each account keeps its phone's storage from scene to scene (the scan page leaves the passes there).
  const phones = new Map<string, Map<string, unknown>>();
  for (const scene of options.scenes) {
    const { storage } = installWx(options.apiBase, scene.user);
    for (const [key, value] of phones.get(scene.user) ?? []) storage.set(key, value);
    phones.set(scene.user, storage);
    const rendered = renderPage(document, scene.page) as Rendered;
    try {
      await rendered.instance.onLoad?.(scene.options ?? {});
      await rendered.instance.onShow?.();
      await settle();
      await scene.act?.(rendered);
      await settle(200);
      const html = screen(scene.page, markup(rendered.dom), WIDTH);
      const tab = await options.browser.newPage({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 2 });
      await tab.setContent(html);
      await tab.screenshot({ path: join(options.out, `${scene.name}-${WIDTH}x${HEIGHT}.png`), fullPage: true });
      await tab.close();
      written++;
    } finally {
      rendered.detach();
    }
  }
  return written;
}

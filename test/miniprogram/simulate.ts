import { createRequire } from "node:module";
import { resolve } from "node:path";
import { JSDOM } from "jsdom";

const require = createRequire(import.meta.url);

/*
 * The mini-program rendered by miniprogram-simulate outside WeChat: its `wx`, the DOM it renders
 * into, and a page rendered. Shared by the page tests (wx.ts) and npm run -s screenshots; it does
 * not import vitest, so a plain script can use it.
 */

/**
 * WeChat's `wx` for page tests: requests go over real HTTP to the service under test, wx.login
 * yields a development sign-in code, storage is in memory, and navigation is recorded.
 */
export function installWx(apiBase: string, user: string) {
  const storage = new Map<string, unknown>();
  const navigations: string[] = [];
  /** What the camera reads next when a page calls wx.scanCode. */
  const camera = { result: "" };
  /** The screen as the pass page leaves it. */
  const screen = { keepOn: false, brightness: 0.4 };
  /** Toasts shown, newest last. */
  const toasts: string[] = [];
  /** What the person answers to a subscribe request (accept or reject), and the privacy handler a page set. */
  const subscribe = { answer: "accept" };
  const privacy: { handler?: (resolve: (result: { event: string; buttonId?: string }) => void) => void } = {};
  const config = require(resolve("miniprogram/lib/config.js")) as { apiBase: string };
  config.apiBase = apiBase;
  const wx = {
    request(options: {
      url: string;
      method: string;
      data?: unknown;
      header: Record<string, string>;
      success: (result: { statusCode: number; data: unknown }) => void;
      fail: () => void;
    }) {
      const hasBody = options.method !== "GET" && options.data !== undefined;
      fetch(options.url, {
        method: options.method,
        headers: { ...options.header, ...(hasBody ? { "content-type": "application/json" } : {}) },
        body: hasBody ? JSON.stringify(options.data) : undefined,
      })
        .then(async (response) => {
          const text = await response.text();
          options.success({ statusCode: response.status, data: text ? JSON.parse(text) : "" });
        })
        .catch(() => options.fail());
    },
    login: (options: { success: (result: { code: string }) => void }) => options.success({ code: `dev:${user}` }),
    getStorageSync: (key: string) => storage.get(key) ?? "",
    setStorageSync: (key: string, value: unknown) => storage.set(key, value),
    navigateTo: ({ url }: { url: string }) => navigations.push(url),
    scanCode: (options: { success: (result: { result: string }) => void; complete?: () => void }) => {
      options.success({ result: camera.result });
      options.complete?.();
    },
    openPrivacyContract: () => navigations.push("privacy-contract"),
    redirectTo: ({ url }: { url: string }) => navigations.push(url),
    switchTab: ({ url }: { url: string }) => navigations.push(url),
    setKeepScreenOn: ({ keepScreenOn }: { keepScreenOn: boolean }) => {
      screen.keepOn = keepScreenOn;
    },
    getScreenBrightness: ({ success }: { success: (result: { value: number }) => void }) =>
      success({ value: screen.brightness }),
    setScreenBrightness: ({ value }: { value: number }) => {
      screen.brightness = value;
    },
    showToast: ({ title }: { title: string }) => toasts.push(title),
    requestSubscribeMessage: (options: {
      tmplIds: string[];
      success: (result: Record<string, string>) => void;
      fail: () => void;
    }) => options.success(Object.fromEntries(options.tmplIds.map((id) => [id, subscribe.answer]))),
    onNeedPrivacyAuthorization: (handler: NonNullable<typeof privacy.handler>) => {
      privacy.handler = handler;
    },
  };
  Object.assign(globalThis, { wx });
  return { storage, navigations, camera, screen, toasts, subscribe, privacy };
}

/**
 * A DOM for miniprogram-simulate, which renders pages into one. Only the DOM's own globals are
 * installed: the service under test runs in the same process and keeps Node's URL, crypto and
 * typed arrays (a whole jsdom environment replaces them, and signing tokens then fails).
 */
export function installDom(): JSDOM["window"]["document"] {
  const { window } = new JSDOM("<!doctype html><html><head></head><body></body></html>");
  for (const name of [
    "window",
    "document",
    "Node",
    "Element",
    "HTMLElement",
    "Event",
    "CustomEvent",
    "getComputedStyle",
  ]) {
    Object.assign(globalThis, {
      [name]: name === "window" ? window : (window as unknown as Record<string, unknown>)[name],
    });
  }
  return window.document;
}

const ROOT = resolve("miniprogram");

/** A page of the mini-program, rendered as WeChat would, attached so its lifetimes run. */
export function renderPage(document: JSDOM["window"]["document"], page: string) {
  const simulate = require("miniprogram-simulate");
  const rendered = simulate.render(simulate.load(`${ROOT}/pages/${page}/index`, { rootPath: ROOT }));
  rendered.attach(document.createElement("parent-wrapper"));
  return rendered;
}

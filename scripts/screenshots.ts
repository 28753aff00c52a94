import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { loadConfig, SECRET_NAMES } from "../src/config.js";
import { createLogger } from "../src/infra/logger.js";
import { startService } from "../src/service.js";
import { launchChromium } from "../test/support/browser.js";
import { mobile, residentId } from "../test/support/people.js";
import { miniProgramScreenshots } from "./screenshots-miniprogram.js";

/**
 * npm run -s screenshots — every web screen at a phone's size (390×844) and a desktop's (1440×900),
 * written to screenshots/ (or the folder given as the first argument) for a reviewer to look at.
 * Starts the service on its embedded stores in a temporary folder, with a few venues, visits and
 * officials, and drives Chromium through the screens as people would.
 */
const OUT = resolve(process.argv[2] ?? "screenshots");
const SIZES = [
  { width: 390, height: 844 },
  { width: 1440, height: 900 },
];
const PASSWORD = "screenshots password 1";

const dataDir = await mkdtemp(join(tmpdir(), "venue-code-screenshots-"));
const env: Record<string, string> = {
  NODE_ENV: "development",
  DATA_DIR: dataDir,
  PORT: "0",
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
  ADMIN_USERNAME: "admin-shots",
  ADMIN_PASSWORD: PASSWORD,
  MONGOMS_RUNTIME_DOWNLOAD: "false",
};
for (const name of SECRET_NAMES) env[name] = "cd".repeat(32);
Object.assign(process.env, { MONGOMS_RUNTIME_DOWNLOAD: "false" });
const loaded = loadConfig(env);
if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
const service = await startService(loaded.config, createLogger("warn"));
const { browser } = await launchChromium();
let written = 0;

async function call(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(data)}`);
  return data;
}

async function resident(name: string, n: number): Promise<string> {
  const { token } = (await call("POST", "/api/auth/wechat", undefined, { code: `dev:${name}` })) as { token: string };
  await call("PUT", "/api/me/identity", token, { name: "王小明", idNumber: residentId(n), phone: mobile(n) });
  return token;
}

/** Screenshots of what `show` puts on screen, at each size. */
async function shoot(name: string, show: (page: Page) => Promise<void>) {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: size, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    await show(page);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: join(OUT, `${name}-${size.width}x${size.height}.png`), fullPage: true });
    written++;
    await page.close();
  }
}

async function signInConsole(page: Page, username: string) {
  await page.goto(`${service.url}/console`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.locator("#tabs button").first().waitFor();
}

/** A console section of `username`, after `then` (if given) has acted on it. */
function section(username: string, title: string, then?: (page: Page) => Promise<void>) {
  return async (page: Page) => {
    await signInConsole(page, username);
    await page.getByRole("button", { name: title, exact: true }).click();
    await page.locator("#section table").first().waitFor();
    await then?.(page);
  };
}

try {
  await mkdir(OUT, { recursive: true });
  const { token: admin } = (await call("POST", "/api/auth/login", undefined, {
    username: "admin-shots",
    password: PASSWORD,
  })) as { token: string };
  for (const [username, role] of [
    ["health-shots", "health"],
    ["police-shots", "police"],
  ]) {
    await call("POST", "/api/officials", admin, { username, password: PASSWORD, role });
  }
  const owner = await resident("shots-owner", 701);
  const shop = (await call("POST", "/api/venues", owner, {
    name: "王记理发店",
    categoryId: "service-venue",
    regionCode: "320924",
    address: "射阳县合德镇人民路18号",
    contactPhone: "13912345678",
  })) as { id: string; code: string };
  const market = (await call("POST", "/api/venues", owner, {
    name: "盐城市射阳县合德镇人民路东侧幸福里小区北门旁边农贸市场",
    categoryId: "farmers-market",
    regionCode: "320924",
    address: "射阳县合德镇幸福路2号",
    contactPhone: "0515-88888888",
  })) as { id: string; code: string };
  const reissued = (await call("POST", `/api/venues/${shop.id}/reissue`, owner)) as { code: string };
  for (const n of [702, 703, 704]) {
    await call("POST", "/api/scans", await resident(`shots-visitor-${n}`, n), { code: market.code });
  }
  const forged = `${reissued.code.slice(0, -1)}${reissued.code.endsWith("A") ? "B" : "A"}`;

  await shoot("landing-active", (page) => page.goto(`${service.url}/s/${reissued.code}`).then(() => undefined));
  await shoot("landing-revoked", (page) => page.goto(`${service.url}/s/${shop.code}`).then(() => undefined));
  await shoot("landing-forged", (page) => page.goto(`${service.url}/s/${forged}`).then(() => undefined));
  await shoot("poster", (page) =>
    page.goto(`${service.url}/api/venue-codes/${market.code}/poster`).then(() => undefined),
  );
  await shoot("chat", async (page) => {
    await page.goto(`${service.url}/chat`);
    await page.getByLabel("输入消息").fill("码贴在哪里？详见 https://venue.example.gov.cn/help/where-to-post-the-code");
    await page.getByRole("button", { name: "发送" }).click();
    await page.locator(".bubble--bot").nth(1).waitFor();
  });
  await shoot("chat-sign-in", async (page) => {
    await page.goto(`${service.url}/chat`);
    await page.getByRole("button", { name: "申领场所码" }).click();
    await page.locator("#sign-in-qr[src^='data:']").waitFor();
  });
  await shoot("console-sign-in", (page) => page.goto(`${service.url}/console`).then(() => undefined));
  await shoot("console-stats", section("health-shots", "统计"));
  await shoot("console-compliance", section("police-shots", "合规检查"));
  await shoot(
    "console-inspection-dialog",
    section("police-shots", "合规检查", async (page) => {
      await page
        .getByRole("button", { name: /^记录巡查：/ })
        .first()
        .click();
      await page.getByRole("dialog").waitFor();
    }),
  );
  await shoot("console-inspections", section("police-shots", "巡查记录"));
  /** The market picked by name, and the alert previewed. */
  const previewed = async (page: Page) => {
    await page.getByLabel("场所名称或地址").fill("农贸");
    await page.getByRole("button", { name: "查找场所" }).click();
    await page
      .getByRole("button", { name: /^加入：/ })
      .first()
      .click();
    await page.getByRole("button", { name: "预览影响人数" }).click();
    await page.getByText(/将提醒 \d+ 人/).waitFor();
  };
  await shoot("console-exposures", section("health-shots", "风险事件", previewed));
  await shoot(
    "console-exposure-confirm",
    section("health-shots", "风险事件", async (page) => {
      await previewed(page);
      await page.getByRole("button", { name: "发出提醒" }).click();
      await page.getByRole("dialog").waitFor();
    }),
  );
  await shoot("console-tickets", section("health-shots", "工单"));
  await shoot("console-audit", section("admin-shots", "审计日志"));
  const miniProgramOut = join(OUT, "miniprogram");
  await mkdir(miniProgramOut, { recursive: true });
  const visitor = "shots-visitor-702";
  await resident("shots-visitor-705", 705);
  const miniProgram = await miniProgramScreenshots({
    apiBase: service.url,
    browser,
    out: miniProgramOut,
    scenes: [
      { name: "home", page: "home", user: visitor },
      {
        name: "scan-checked-in",
        page: "scan",
        user: "shots-visitor-705",
        options: { code: market.code },
        act: async (page) => {
          await page.instance.checkIn?.();
        },
      },
      { name: "pass", page: "pass", user: "shots-visitor-705" },
      { name: "me-owner", page: "me", user: "shots-owner" },
      { name: "scan", page: "scan", user: "shots-visitor-703", options: { code: market.code } },
      { name: "identity", page: "identity", user: "shots-mp-newcomer" },
      {
        name: "identity-field-error",
        page: "identity",
        user: "shots-mp-newcomer-2",
        act: async (page) => {
          page.instance.setData({ form: { name: "王小明", idNumber: residentId(706), phone: "1391234" } });
          await page.instance.submit?.();
        },
      },
      { name: "identity-verified", page: "identity", user: visitor },
      { name: "companions", page: "companions", user: visitor },
      { name: "visits", page: "visits", user: visitor },
      { name: "alerts", page: "alerts", user: visitor },
      { name: "venues", page: "venues", user: "shots-owner" },
      { name: "venue-register", page: "venue-register", user: "shots-owner" },
      { name: "staff", page: "staff", user: "shots-owner" },
      { name: "bind", page: "bind", user: visitor },
    ],
  });
  process.stdout.write(
    `wrote ${written} screenshots to ${OUT} and ${miniProgram} of the mini-program to ${miniProgramOut}\n`,
  );
} finally {
  await browser.close();
  await service.stop();
  await rm(dataDir, { recursive: true, force: true });
}

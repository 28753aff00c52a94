import { mkdir } from "node:fs/promises";
import jsQRModule from "jsqr";
import type { Browser, Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FanoutWorker } from "../../src/exposures/fanout.js";
import { api, barberShop } from "../support/api.js";
import { launchChromium } from "../support/browser.js";
import { mobile, residentId } from "../support/people.js";
import { listen } from "../support/sse.js";
import { fanoutOptions, useTestStores } from "../support/stores.js";
import { timePasses } from "../support/time.js";

const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

/** The text of a QR code in a PNG data URL, as a phone's camera would read it. */
function decodeQr(dataUrl: string): string {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ""), "base64"));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? "";
}

const SCREENSHOTS = "test-output/screenshots";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

const stores = useTestStores();
let browser: Browser;
let server: { url: string; close: () => void };
let worker: FanoutWorker;
let shop: { id: string; code: string };
let oldCode: string;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  ({ browser } = await launchChromium());
  server = await listen(stores.app);
  worker = new FanoutWorker({ ...fanoutOptions(stores), claimIdleMs: 1000 });
  await worker.start();
  const { http, signInVerified } = api(stores.app);
  const owner = await signInVerified("browser-owner", 3101);
  const first = (await http().post("/api/venues").set(owner).send(barberShop())).body;
  oldCode = first.code;
  const reissued = await http().post(`/api/venues/${first.id}/reissue`).set(owner);
  shop = { id: first.id, code: reissued.body.code };
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  server?.close();
});

async function pageAt(size: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport: size, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

/** Nothing sticks out sideways: the page is no wider than the window. */
async function expectNoOverflow(page: Page) {
  // Runs in the page; the test's own types have no DOM.
  const widths = await page.evaluate(() => {
    const window = globalThis as unknown as {
      innerWidth: number;
      document: { documentElement: { scrollWidth: number } };
    };
    return { content: window.document.documentElement.scrollWidth, window: window.innerWidth };
  });
  expect(widths.content).toBeLessThanOrEqual(widths.window);
}

describe("the browser itself", () => {
  it("draws Chinese as real glyphs even in a generic sans-serif font, not the same empty box for every character", async () => {
    const page = await pageAt(PHONE);
    await page.goto(`${server.url}/s/${shop.code}`);
    // Runs in the page: each character drawn alone, its pixels compared.
    const drawings = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { createElement(tag: string): unknown } }).document;
      return ["场", "所", "码"].map((character) => {
        const canvas = doc.createElement("canvas") as {
          width: number;
          height: number;
          getContext(kind: string): {
            font: string;
            fillText(text: string, x: number, y: number): void;
            getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
          };
        };
        canvas.width = 48;
        canvas.height = 48;
        const context = canvas.getContext("2d");
        context.font = "40px sans-serif";
        context.fillText(character, 4, 40);
        return Array.from(context.getImageData(0, 0, 48, 48).data).join(",");
      });
    });
    expect(new Set(drawings).size).toBe(3);
    await page.close();
  });
});

describe("the scan landing page in a phone browser", () => {
  it("shows the venue and how to scan for an active code", async () => {
    const page = await pageAt(PHONE);
    const response = await page.goto(`${server.url}/s/${shop.code}`);
    expect(response?.status()).toBe(200);
    await expect(page.locator(".venue-name").textContent()).resolves.toBe("王记理发店");
    await expect(page.getByText("射阳县 · ").isVisible()).resolves.toBe(true);
    await expect(page.getByText("扫一扫").first().isVisible()).resolves.toBe(true);
    await expectNoOverflow(page);
    await page.screenshot({ path: `${SCREENSHOTS}/landing-active-390.png`, fullPage: true });
    await page.setViewportSize(DESKTOP);
    await expectNoOverflow(page);
    await page.screenshot({ path: `${SCREENSHOTS}/landing-active-1280.png`, fullPage: true });
    await page.close();
  });

  it("warns clearly for a revoked code and for a forged one", async () => {
    const page = await pageAt(PHONE);
    const revoked = await page.goto(`${server.url}/s/${oldCode}`);
    expect(revoked?.status()).toBe(410);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("这个场所码已停用");
    await page.screenshot({ path: `${SCREENSHOTS}/landing-revoked-390.png` });
    const forged = await page.goto(`${server.url}/s/${shop.code.slice(0, -1)}${shop.code.endsWith("A") ? "B" : "A"}`);
    expect(forged?.status()).toBe(404);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("这不是有效的场所码");
    await page.screenshot({ path: `${SCREENSHOTS}/landing-forged-390.png` });
    await page.close();
  });

  it("checks a development user in and shows a green pass card with a running clock", async () => {
    // Each browser is a new test account, so each needs its own person (one identity, one account).
    for (const [person, size] of [
      [3102, PHONE],
      [3103, DESKTOP],
    ] as const) {
      const page = await pageAt(size);
      await page.goto(`${server.url}/s/${shop.code}`);
      await page.getByLabel("姓名").fill("李秀英");
      await page.getByLabel("身份证号").fill("bad-number");
      await page.getByLabel("手机号").fill(mobile(person));
      await page.getByRole("button", { name: "登录并签到" }).click();
      await expect.poll(() => page.locator("#dev-error").textContent()).toMatch(/有误|身份证/);
      await page.getByLabel("身份证号").fill(residentId(person));
      await page.getByRole("button", { name: "登录并签到" }).click();
      const card = page.locator(".pass").first();
      await card.waitFor();
      expect(await card.getAttribute("data-status")).toBe("green");
      await expect(card.locator(".pass__name").textContent()).resolves.toBe("李**");
      await expect(card.locator(".pass__venue").textContent()).resolves.toContain("王记理发店");
      const before = await card.locator("[data-clock]").textContent();
      await page.waitForTimeout(1100);
      expect(await card.locator("[data-clock]").textContent()).not.toBe(before);
      await expectNoOverflow(page);
      await page.screenshot({ path: `${SCREENSHOTS}/pass-green-${size.width}.png`, fullPage: true });
      await page.close();
    }
  }, 60_000);
});

describe("the web chat", () => {
  it("answers an owner's question from the knowledge base and offers the quick actions", async () => {
    const page = await pageAt(PHONE);
    await page.goto(`${server.url}/chat`);
    await page.getByLabel("输入消息").fill("码贴在哪里");
    await page.getByRole("button", { name: "发送" }).click();
    await page.locator(".bubble--bot", { hasText: "入口醒目位置" }).waitFor();
    await page.getByRole("button", { name: "申领场所码" }).click();
    await page.locator(".bubble--me", { hasText: "申领场所码" }).waitFor();
    await expect.poll(() => page.locator(".bubble--bot").count()).toBeGreaterThan(2);
    await expectNoOverflow(page);
    await page.screenshot({ path: `${SCREENSHOTS}/chat-390.png` });
    await page.close();
  });

  it("asks to sign in before registering, shows a QR code the mini-program confirms, then continues the dialogue", async () => {
    const page = await pageAt(PHONE);
    await page.goto(`${server.url}/chat`);
    await page.getByRole("button", { name: "申领场所码" }).click();
    await page.locator(".bubble--bot", { hasText: "需要先登录" }).waitFor();
    const qr = page.getByRole("img", { name: "登录二维码" });
    await expect.poll(async () => (await qr.getAttribute("src")) ?? "").toMatch(/^data:image\/png/);
    await page.screenshot({ path: `${SCREENSHOTS}/chat-sign-in-390.png` });
    // What the phone's camera reads from the QR code on the screen, confirmed in the mini-program.
    const link = decodeQr((await qr.getAttribute("src")) ?? "");
    expect(link).toMatch(/\/l\/[A-Za-z0-9_-]{22}$/);
    const { http, signIn } = api(stores.app);
    const miniProgram = await signIn("browser-chat-owner");
    const token = link.split("/l/")[1];
    expect((await http().post(`/api/me/sign-in-links/${token}`).set(miniProgram)).status).toBe(200);
    await page.locator(".bubble--bot", { hasText: "已登录，我们继续申领场所码" }).waitFor({ timeout: 10_000 });
    await page.locator(".bubble--bot", { hasText: "真实姓名" }).waitFor();
    await expect.poll(() => page.getByRole("img", { name: "登录二维码" }).isVisible()).toBe(false);
    await page.close();
  });
});

describe("the officials' console", () => {
  it("signs a health official in, shows statistics with a chart, and takes an exposure alert to 100%", async () => {
    await stores.deps.services.officials.create({
      username: "health-zhou",
      password: "a strong password 1",
      role: "health",
    });
    // A venue of its own with one visitor, half an hour ago.
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("console-owner", 3110);
    const market = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "东方菜市场" })
    ).body;
    const visitor = await signInVerified("console-visitor", 3111);
    expect((await http().post("/api/scans").set(visitor).send({ code: market.code })).status).toBe(201);
    await timePasses(30);
    const page = await pageAt(DESKTOP);
    await page.goto(`${server.url}/console`);
    await page.getByLabel("用户名").fill("health-zhou");
    await page.getByLabel("密码").fill("wrong password");
    await page.getByRole("button", { name: "登录" }).click();
    await expect.poll(() => page.locator("#sign-in-error").textContent()).toContain("密码");
    await page.getByLabel("密码").fill("a strong password 1");
    await page.getByRole("button", { name: "登录" }).click();

    await page.locator("svg.chart").waitFor();
    // Seven days, today's bar standing for the check-ins made above.
    const bars = await page
      .locator("svg.chart rect.bar")
      .evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute("height"))));
    expect(bars).toHaveLength(7);
    expect(bars.at(-1)).toBeGreaterThan(0);
    await expect(page.locator("table").first().textContent()).resolves.toContain("射阳县");
    await expectNoOverflow(page);
    await page.screenshot({ path: `${SCREENSHOTS}/console-stats-1280.png`, fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${SCREENSHOTS}/console-stats-390.png`, fullPage: true });
    await page.setViewportSize(DESKTOP);

    await page.getByRole("button", { name: "风险事件" }).click();
    await page.getByLabel("场所码").fill(market.code);
    await page.getByRole("button", { name: "预览影响人数" }).click();
    await page.getByText("将提醒 1 人").waitFor();
    // The resident checked in during the window: an observed arrival, not an estimate.
    await expect(page.locator(".estimate").textContent()).resolves.toContain("其中 1 人有实际记录在时段内");
    await page.getByLabel("未签退者预计停留（分钟）").fill("120");
    await page.getByRole("button", { name: "预览影响人数" }).click();
    await page.getByText("按约 120 分钟估算", { exact: false }).waitFor();
    await page.getByRole("button", { name: "发出提醒" }).click();
    const bar = page.getByRole("progressbar");
    await expect.poll(() => bar.getAttribute("aria-valuenow"), { timeout: 20_000 }).toBe("100");
    await expect
      .poll(() => page.locator(".progress-label").textContent(), { timeout: 10_000 })
      .toContain("已完成：已送达 1 / 1 人");
    await page.screenshot({ path: `${SCREENSHOTS}/console-exposure-1280.png`, fullPage: true });
    await page.close();
  }, 60_000);
});

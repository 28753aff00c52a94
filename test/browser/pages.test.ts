import { mkdir } from "node:fs/promises";
import jsQRModule from "jsqr";
import type { Page } from "playwright-core";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { AuditRecord } from "../../src/audit/audit.model.js";
import { TokenService } from "../../src/auth/tokens.js";
import { Exposure } from "../../src/exposures/exposure.model.js";
import { chinaDate } from "../../src/infra/china-time.js";
import { Inspection } from "../../src/inspections/inspection.model.js";
import { api, barberShop } from "../support/api.js";
import { mobile, residentId } from "../support/people.js";
import { useServedBrowser } from "../support/served-browser.js";
import { useTestStores } from "../support/stores.js";
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
const served = useServedBrowser(stores);
const { signInConsole } = served;
let shop: { id: string; code: string };
let oldCode: string;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  const { http, signInVerified } = api(stores.app);
  const owner = await signInVerified("browser-owner", 3101);
  const first = (await http().post("/api/venues").set(owner).send(barberShop())).body;
  oldCode = first.code;
  const reissued = await http().post(`/api/venues/${first.id}/reissue`).set(owner);
  shop = { id: first.id, code: reissued.body.code };
}, 60_000);

async function pageAt(size: { width: number; height: number }): Promise<Page> {
  const page = await served.browser.newPage({ viewport: size, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
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
    await page.goto(`${served.url}/s/${shop.code}`);
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
    const response = await page.goto(`${served.url}/s/${shop.code}`);
    expect(response?.status()).toBe(200);
    await expect(page.locator(".venue-name").textContent()).resolves.toBe("王记理发店");
    await expect(page.getByText("射阳县 · ").isVisible()).resolves.toBe(true);
    await expect(page.getByText("扫一扫").first().isVisible()).resolves.toBe(true);
    // The name is the page's heading; a browser or camera scanner is sent on to WeChat; 12345 can be called.
    await expect(page.getByRole("heading", { name: "王记理发店" }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("link", { name: "打开微信扫一扫" }).getAttribute("href")).resolves.toBe(
      "weixin://dl/scan",
    );
    await expect(page.getByRole("link", { name: "12345" }).getAttribute("href")).resolves.toBe("tel:12345");
    await expectNoOverflow(page);
    await page.screenshot({ path: `${SCREENSHOTS}/landing-active-390.png`, fullPage: true });
    await page.setViewportSize(DESKTOP);
    await expectNoOverflow(page);
    await page.screenshot({ path: `${SCREENSHOTS}/landing-active-1280.png`, fullPage: true });
    await page.close();
  });

  it("warns clearly for a revoked code and for a forged one", async () => {
    const page = await pageAt(PHONE);
    const revoked = await page.goto(`${served.url}/s/${oldCode}`);
    expect(revoked?.status()).toBe(410);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("这个场所码已停用");
    await expect(page.getByRole("alert").textContent()).resolves.toContain("“王记理发店”已更换了新的场所码");
    await page.screenshot({ path: `${SCREENSHOTS}/landing-revoked-390.png` });
    const forged = await page.goto(`${served.url}/s/${shop.code.slice(0, -1)}${shop.code.endsWith("A") ? "B" : "A"}`);
    expect(forged?.status()).toBe(404);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("这不是有效的场所码");
    await expect(page.getByRole("link", { name: "12345" }).getAttribute("href")).resolves.toBe("tel:12345");
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
      await page.goto(`${served.url}/s/${shop.code}`);
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
    await page.goto(`${served.url}/chat`);
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

  it("makes web addresses tappable links that wrap inside their bubble, and keeps the newest message in view", async () => {
    const page = await pageAt(PHONE);
    await page.goto(`${served.url}/chat`);
    const address = `https://venue.example.gov.cn/s/${"A".repeat(60)}`;
    for (let i = 0; i < 6; i++) {
      await page.getByLabel("输入消息").fill(`第${i}次：${address}`);
      await page.getByRole("button", { name: "发送" }).click();
    }
    const link = page.locator(".bubble--me a").last();
    await expect(link.getAttribute("href")).resolves.toBe(address);
    const fits = await page.locator("#chat-log").evaluate((log) => {
      const bubble = log.querySelector(".bubble--me:last-of-type") ?? log.lastElementChild;
      const box = bubble?.getBoundingClientRect();
      return {
        sideways: log.scrollWidth - log.clientWidth,
        inside: box ? box.right <= log.getBoundingClientRect().right + 1 : false,
        atEnd: log.scrollHeight - log.scrollTop - log.clientHeight,
      };
    });
    expect(fits.sideways).toBeLessThanOrEqual(0);
    expect(fits.inside).toBe(true);
    await expect
      .poll(() => page.locator("#chat-log").evaluate((log) => log.scrollHeight - log.scrollTop - log.clientHeight))
      .toBeLessThanOrEqual(2);
    // The greeting is as wide as its text needs, not the whole log.
    const greeting = await page
      .locator(".bubble--bot")
      .first()
      .evaluate((bubble) => ({
        bubble: bubble.getBoundingClientRect().width,
        log: (bubble.parentElement as Element).getBoundingClientRect().width,
      }));
    expect(greeting.bubble).toBeLessThan(greeting.log * 0.9);
    await expectNoOverflow(page);
    await page.screenshot({ path: `${SCREENSHOTS}/chat-links-390.png` });
    await page.close();
  });

  it("asks to sign in before registering, shows a QR code the mini-program confirms, then continues the dialogue", async () => {
    const page = await pageAt(PHONE);
    await page.goto(`${served.url}/chat`);
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
    await signInConsole(page, "health-zhou", "wrong password");
    await expect.poll(() => page.locator("#sign-in-error").textContent()).toContain("密码");
    await page.getByLabel("密码").fill("a strong password 1");
    await page.getByRole("button", { name: "登录" }).click();

    await page.locator("svg.chart").waitFor();
    // Seven days, the bar of the day the check-in above was made (30 minutes ago: yesterday, just after
    // midnight in China) standing for it.
    const bars = await page
      .locator("svg.chart rect.bar")
      .evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute("height"))));
    expect(bars).toHaveLength(7);
    const madeToday = chinaDate(Date.now() - 30 * 60_000) === chinaDate();
    expect(bars.at(madeToday ? -1 : -2)).toBeGreaterThan(0);
    await expect(page.locator("table").first().textContent()).resolves.toContain("射阳县");
    await expectNoOverflow(page);
    await page.screenshot({ path: `${SCREENSHOTS}/console-stats-1280.png`, fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${SCREENSHOTS}/console-stats-390.png`, fullPage: true });
    await page.setViewportSize(DESKTOP);

    await page.getByRole("button", { name: "风险事件" }).click();
    // The place is found by its name, not typed as a code.
    await page.getByLabel("场所名称或地址").fill("东方菜");
    await page.getByRole("button", { name: "查找场所" }).click();
    await page.getByRole("button", { name: "加入：东方菜市场" }).click();
    const send = page.getByRole("button", { name: "发出提醒" });
    // Nothing can be sent before a preview.
    expect(await send.isDisabled()).toBe(true);
    await page.getByRole("button", { name: "预览影响人数" }).click();
    await page.getByText("将提醒 1 人").waitFor();
    expect(await send.isEnabled()).toBe(true);
    // The resident checked in during the window: an observed arrival, not an estimate.
    await expect(page.locator(".estimate").textContent()).resolves.toContain("其中 1 人有实际记录在时段内");
    await page.getByLabel("未签退者预计停留（分钟）").fill("120");
    expect(await send.isDisabled()).toBe(true);
    await page.getByRole("button", { name: "预览影响人数" }).click();
    await page.getByText("按约 120 分钟估算", { exact: false }).waitFor();
    // Changing the request after the preview asks for a new one.
    await page.getByLabel("提醒内容").fill("请尽快做核酸检测。");
    expect(await send.isDisabled()).toBe(true);
    await page.getByRole("button", { name: "预览影响人数" }).click();
    await page.getByText("将提醒 1 人").waitFor();
    // A double click on 发出提醒, then on the confirmation that names how many people: one event.
    await send.dblclick();
    const dialog = page.getByRole("dialog", { name: "确认发出提醒" });
    await expect(dialog.textContent()).resolves.toContain("将向 1 人发出高风险提醒");
    await page.screenshot({ path: `${SCREENSHOTS}/console-exposure-confirm-1280.png` });
    await dialog.getByRole("button", { name: "确认发出（1 人）" }).dblclick();
    const bar = page.getByRole("progressbar");
    await expect.poll(() => bar.getAttribute("aria-valuenow"), { timeout: 20_000 }).toBe("100");
    await expect
      .poll(() => page.locator(".progress-label").textContent(), { timeout: 10_000 })
      .toContain("已完成：已送达 1 / 1 人");
    expect(await Exposure.countDocuments({ "windows.venueName": "东方菜市场" })).toBe(1);
    await expect.poll(() => page.locator("tr", { hasText: "东方菜市场" }).count()).toBe(1);
    // The column of people no alert could reach says who they are, not that something broke.
    await expect(page.getByRole("columnheader", { name: "未能通知" }).count()).resolves.toBe(1);
    await page.getByText("未能通知：没有可通知账号的人", { exact: false }).waitFor();
    expect((await http().get("/api/me/notifications").set(visitor)).body.notifications).toHaveLength(1);

    // Withdrawn with a reason: the person gets a correction, the row says so.
    await page.getByRole("button", { name: "撤回：东方菜市场" }).click();
    const withdraw = page.getByRole("dialog", { name: "撤回提醒" });
    await withdraw.getByLabel("撤回原因").fill("场所填错，撤回");
    await withdraw.getByRole("button", { name: "撤回" }).click();
    await page.getByText("已撤回，已向 1 人发出更正。").waitFor();
    await expect.poll(() => page.locator("tr", { hasText: "东方菜市场" }).textContent()).toContain("已撤回");
    await page.screenshot({ path: `${SCREENSHOTS}/console-exposure-1280.png`, fullPage: true });
    await page.close();
  }, 60_000);

  it("lets a police officer find an inactive venue by district and category, call it, and record an inspection from the list", async () => {
    await stores.deps.services.officials.create({
      username: "police-wu",
      password: "police password 12",
      role: "police",
    });
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("console-idle-owner", 3120);
    const idle = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "从未扫码便利店", categoryId: "supermarket", address: "射阳县人民路9号" })
    ).body;
    const page = await pageAt(DESKTOP);
    await signInConsole(page, "police-wu", "police password 12");
    // All 11 districts are in the statistics table, those without venues too.
    await page.locator("svg.chart").waitFor();
    await expect(page.locator("table").first().textContent()).resolves.toContain("盐南高新区");

    await page.getByRole("button", { name: "合规检查" }).click();
    await page.getByLabel("区域").selectOption({ label: "射阳县" });
    await page.getByLabel("类别").selectOption({ label: "商超" });
    await page.getByRole("button", { name: "查询" }).click();
    const row = page.locator("tr", { hasText: "从未扫码便利店" });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(idle.id);
    await expect(row.getByRole("link", { name: barberShop().contactPhone }).getAttribute("href")).resolves.toBe(
      `tel:${barberShop().contactPhone}`,
    );
    await expect(page.locator("tbody tr").count()).resolves.toBe(1);
    await expectNoOverflow(page);
    await page.screenshot({ path: `${SCREENSHOTS}/console-compliance-1280.png`, fullPage: true });

    await row.getByRole("button", { name: "记录巡查：从未扫码便利店" }).click();
    const dialog = page.getByRole("dialog", { name: "记录巡查：从未扫码便利店" });
    await dialog.getByLabel("检查结果").selectOption({ label: "未张贴场所码" });
    await dialog.getByLabel("已当场整改").check();
    await dialog.getByLabel("罚款金额（元，可不填）").fill("200");
    await dialog.getByRole("button", { name: "保存巡查记录" }).click();
    await page.getByText("已记录：从未扫码便利店，未张贴场所码").waitFor();
    const saved = await Inspection.find({ venueId: idle.id }).lean();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ result: "not-posted", rectifiedOnSite: true, fineYuan: 200 });
    expect(
      await AuditRecord.countDocuments({ action: "compliance.contact-phones", username: "police-wu" }),
    ).toBeGreaterThan(0);

    await page.getByRole("button", { name: "巡查记录" }).click();
    await expect.poll(() => page.locator("tr", { hasText: "从未扫码便利店" }).textContent()).toContain("未张贴场所码");
    await page.close();
  }, 60_000);

  it("returns to sign-in when the sign-in expires, keeping what was typed, and carries on after signing in again", async () => {
    const official = await stores.deps.services.officials.create({
      username: "health-expiring",
      password: "health password 12",
      role: "health",
    });
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("console-expiry-owner", 3130);
    await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...barberShop(), name: "过期测试菜场" });
    // A token that lives four seconds, signed as the service signs its own.
    const shortLived = new TokenService(stores.deps.config.secrets.JWT_SECRET, 4);
    const expiresAt = Date.now() + 4000;
    const principal = {
      kind: "official" as const,
      officialId: String(official._id),
      username: "health-expiring",
      role: "health" as const,
    };
    const { token } = await shortLived.issue(principal);
    const page = await pageAt(DESKTOP);
    await page.addInitScript(
      ([token, official]) => {
        const storage = (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } })
          .sessionStorage;
        storage.setItem("venue-code:console-token", token as string);
        storage.setItem("venue-code:console-official", official as string);
      },
      [token, JSON.stringify({ username: "health-expiring", role: "health" })],
    );
    page.setDefaultTimeout(8000);
    await page.goto(`${served.url}/console`);
    await page.getByRole("button", { name: "风险事件" }).click();
    await page.getByLabel("提醒内容").fill("这段话不能丢");
    await page.waitForTimeout(Math.max(0, expiresAt + 1200 - Date.now()));
    await page.getByLabel("场所名称或地址").fill("过期测试");
    await page.getByRole("button", { name: "查找场所" }).click();
    await page.getByText("登录已过期，请重新登录").waitFor();
    expect(await page.getByLabel("用户名").inputValue()).toBe("health-expiring");
    await page.getByLabel("密码").fill("health password 12");
    await page.getByRole("button", { name: "登录" }).click();
    await expect.poll(() => page.getByLabel("提醒内容").inputValue()).toBe("这段话不能丢");
    await page.getByRole("button", { name: "查找场所" }).click();
    await page.getByRole("button", { name: "加入：过期测试菜场" }).waitFor();
    await page.close();
  }, 30_000);

  it("shows administrators a readable audit log that fits its container", async () => {
    await stores.deps.services.officials.create({
      username: "admin-lin",
      password: "admin password 12",
      role: "admin",
    });
    const page = await pageAt(DESKTOP);
    await signInConsole(page, "admin-lin", "admin password 12");
    await page.getByRole("button", { name: "审计日志" }).click();
    const log = page.locator("#section table");
    await log.waitFor();
    const text = (await log.textContent()) ?? "";
    expect(text).toContain("发出风险提醒");
    expect(text).toContain("撤回风险提醒");
    expect(text).not.toContain("exposure.");
    expect(text).not.toContain("{");
    const widths = await page
      .locator("#section .table-wrap")
      .evaluate((wrap) => ({ content: wrap.scrollWidth, box: wrap.clientWidth }));
    expect(widths.content).toBeLessThanOrEqual(widths.box);
    await page.screenshot({ path: `${SCREENSHOTS}/console-audit-1280.png`, fullPage: true });
    await page.close();
  }, 30_000);

  it("lets a health official answer a 转人工 ticket, and the web chat passes the answer on", async () => {
    const chatPage = await pageAt(PHONE);
    chatPage.setDefaultTimeout(6000);
    await chatPage.goto(`${served.url}/chat`);
    await chatPage.getByLabel("输入消息").fill("公积金怎么提取");
    await chatPage.getByRole("button", { name: "发送" }).click();
    await chatPage.locator(".bubble--bot", { hasText: "转人工" }).last().waitFor();
    await chatPage.getByRole("button", { name: "转人工" }).click();
    await chatPage.locator(".bubble--bot", { hasText: "工作人员" }).last().waitFor();

    await stores.deps.services.officials.create({
      username: "health-qian",
      password: "health password 34",
      role: "health",
    });
    const console = await pageAt(DESKTOP);
    await signInConsole(console, "health-qian", "health password 34");
    await console.getByRole("button", { name: "工单" }).click();
    const row = console.locator("tr", { hasText: "公积金怎么提取" });
    await expect.poll(() => row.textContent()).toContain("待回复");
    await row.getByRole("button", { name: "回复：公积金怎么提取" }).click();
    await console.getByRole("dialog").getByLabel("回复内容").fill("请到社保服务大厅挂失补办，带上身份证。");
    await console.getByRole("button", { name: "发送回复" }).click();
    await expect.poll(() => row.textContent()).toContain("已回复，待转告");

    await chatPage.getByLabel("输入消息").fill("你好");
    await chatPage.getByRole("button", { name: "发送" }).click();
    await chatPage.locator(".bubble--bot", { hasText: "请到社保服务大厅挂失补办" }).waitFor();
    await console.getByRole("button", { name: "工单" }).click();
    await expect
      .poll(() => console.locator("tr", { hasText: "公积金怎么提取" }).textContent())
      .toContain("已回复，已转告");
    await chatPage.close();
    await console.close();
  }, 30_000);
});

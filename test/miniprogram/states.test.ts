import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { api, barberShop } from "../support/api.js";
import { mobile, residentId } from "../support/people.js";
import { useTestStores } from "../support/stores.js";
import { until } from "../support/time.js";
import { installDom, installWx, renderPage, useServedApp } from "./wx.js";

const require = createRequire(import.meta.url);
const document = installDom();
const simulate = require("miniprogram-simulate");
const ROOT = resolve("miniprogram");
const config = require(resolve("miniprogram/lib/config.js")) as { apiBase: string; alertTemplateId: string };
/** Nothing listens here: every request fails as it does with no network. */
const UNREACHABLE = "http://127.0.0.1:9";

const stores = useTestStores();
const server = useServedApp(stores, "st-owner", 4401);

type Rendered = {
  instance: Record<string, (...args: unknown[]) => Promise<void> | void>;
  data: Record<string, unknown>;
  querySelector(selector: string): Rendered | undefined;
  querySelectorAll(selector: string): Rendered[];
  dispatchEvent(name: string, detail?: unknown): void;
  dom: { textContent: string };
  detach(): void;
};

const opened: Rendered[] = [];
afterEach(() => {
  for (const page of opened.splice(0)) page.detach();
});

function open(page: string): Rendered {
  const rendered: Rendered = renderPage(document, page);
  opened.push(rendered);
  return rendered;
}

const text = (page: Rendered, selector: string) => page.querySelector(selector)?.dom.textContent ?? "";

/** Every page that loads data when it opens, what it is opened with, and what it says with nothing to list. */
const LOADING_PAGES: { page: string; options?: () => Record<string, string>; empty?: string }[] = [
  { page: "alerts", empty: "没有风险提醒。" },
  { page: "companions" },
  { page: "identity" },
  { page: "me" },
  { page: "scan", options: () => ({ code: server.shop.code }) },
  { page: "staff", empty: "您还不是任何场所的工作人员" },
  { page: "venue-register" },
  { page: "venues", empty: "您还没有场所" },
  { page: "visits", empty: "暂无到访记录" },
];

describe("every page's loading, failed and empty states", () => {
  let people = 0;
  for (const { page: name, options, empty } of LOADING_PAGES) {
    it(`${name}: shows 正在加载… until its data arrives, then no longer`, async () => {
      installWx(server.url, `st-${name}-loading`);
      const page = open(name);
      const loaded = page.instance.onLoad?.(options?.() ?? {});
      expect(text(page, ".page-state")).toContain("正在加载");
      await loaded;
      expect(text(page, ".page-state")).not.toContain("正在加载");
      expect(text(page, ".page-state")).not.toContain("重试");
    });

    it(`${name}: says why it could not load, offers 重试, and loads on it`, async () => {
      const user = `st-${name}-offline-${++people}`;
      installWx(UNREACHABLE, user);
      const page = open(name);
      await page.instance.onLoad?.(options?.() ?? {});
      expect(text(page, ".page-state")).toContain("网络不通，请检查网络后重试。");
      const retry = page.querySelector(".page-state")?.querySelector(".retry");
      expect(retry?.dom.textContent).toBe("重试");
      installWx(server.url, user);
      retry?.dispatchEvent("tap");
      await until(async () => !text(page, ".page-state").includes("网络不通") && !page.data.loading, 5000);
      if (name === "scan") await until(async () => page.data.state === "ready", 5000);
      expect(text(page, ".page-state")).not.toContain("正在加载");
    });

    if (empty) {
      it(`${name}: says there is nothing yet instead of an empty page`, async () => {
        installWx(server.url, `st-${name}-empty`);
        const page = open(name);
        await page.instance.onLoad?.(options?.() ?? {});
        expect(text(page, ".page-state")).toContain(empty);
      });
    }
  }

  it("companions: lists nothing yet in words, and the list once there is someone", async () => {
    installWx(server.url, "st-companions-list");
    const page = open("companions");
    await page.instance.onLoad?.();
    expect(text(page, ".empty")).toContain("还没有随行人员");
  });

  it("bind and link: a failed request says why and offers to try again", async () => {
    installWx(UNREACHABLE, "st-bind");
    const bind = open("bind");
    await bind.instance.issue?.();
    expect(text(bind, ".error")).toContain("网络不通");
    expect(text(bind, ".issue")).toBe("重试");
    installWx(server.url, "st-bind");
    await bind.instance.issue?.();
    expect(text(bind, ".bind-code")).toMatch(/^\d{6}$/);

    installWx(UNREACHABLE, "st-link");
    const link = open("link");
    link.instance.onLoad?.({ q: encodeURIComponent(`${server.url}/i/ABCDEFGHJK`) });
    await link.instance.confirm?.();
    expect(text(link, ".error")).toContain("网络不通");
    expect(link.querySelector(".retry")).toBeDefined();
  });

  it("pass: with no check-in yet, says how to get a pass", () => {
    installWx(server.url, "st-pass");
    const page = open("pass");
    page.instance.onLoad?.();
    expect(text(page, ".empty")).toContain("还没有登记记录");
  });
});

describe("busy buttons", () => {
  it("disables 添加 while the request is in flight, so a double tap adds one companion", async () => {
    installWx(server.url, "st-busy");
    const page = open("companions");
    await page.instance.onLoad?.();
    page.instance.setData?.({ form: { name: "吴奶奶", idNumber: residentId(4402), relation: "奶奶" } });
    const first = page.instance.add?.();
    const second = page.instance.add?.();
    // The button binds disabled to busy (miniprogram-simulate does not model a button's disabled state).
    expect(page.data.busy).toBe("add");
    await Promise.all([first, second]);
    expect(page.data.busy).toBe("");
    expect(page.querySelectorAll(".companion")).toHaveLength(1);
  });

  it("disables 确认登记 while checking in, so a double tap records one visit", async () => {
    const { http, signInVerified } = api(stores.app);
    const resident = await signInVerified("st-double-scan", 4403);
    const wx = installWx(server.url, "st-double-scan");
    const page = open("scan");
    await page.instance.onLoad?.({ code: server.shop.code });
    const first = page.instance.checkIn?.();
    const second = page.instance.checkIn?.();
    expect(page.data.busy).toBe("check-in");
    await Promise.all([first, second]);
    expect(wx.navigations).toEqual(["/pages/pass/index"]);
    const visits = (await http().get("/api/me/visits").set(resident)).body.visits;
    expect(visits).toHaveLength(1);
  });
});

describe("privacy authorisation and feedback", () => {
  it("asks before WeChat hands over the camera, an ID number or a phone, and answers with the person's choice", async () => {
    const wx = installWx(server.url, "st-privacy");
    const page = open("identity");
    await page.instance.onLoad?.();
    expect(page.querySelector(".privacy-popup")?.querySelector(".privacy-dialog")).toBeUndefined();
    const answers: unknown[] = [];
    wx.privacy.handler?.((answer) => answers.push(answer));
    const popup = page.querySelector(".privacy-popup");
    expect(popup?.querySelector(".privacy-dialog")?.dom.textContent).toContain("身份证号");
    popup?.querySelector(".agree")?.dispatchEvent("agreeprivacyauthorization");
    await simulate.sleep(10);
    expect(answers).toEqual([{ buttonId: "agree-privacy", event: "agree" }]);
    expect(popup?.querySelector(".privacy-dialog")).toBeUndefined();

    wx.privacy.handler?.((answer) => answers.push(answer));
    popup?.querySelector(".disagree")?.dispatchEvent("tap");
    await simulate.sleep(10);
    expect(answers.at(-1)).toEqual({ event: "disagree" });
    expect(popup?.querySelector(".privacy-declined")?.dom.textContent).toContain("暂时不能使用");
  });

  it("says what came of subscribing to alerts: not offered, declined, or refused by the service", async () => {
    const wx = installWx(server.url, "st-subscribe");
    const page = open("alerts");
    await page.instance.onLoad?.();
    config.alertTemplateId = "";
    await page.instance.subscribe?.();
    expect(wx.toasts.at(-1)).toBe("暂未开通微信消息提醒");
    config.alertTemplateId = "alert-template-0001";
    try {
      wx.subscribe.answer = "reject";
      await page.instance.subscribe?.();
      expect(wx.toasts.at(-1)).toContain("没有订阅");
      wx.subscribe.answer = "accept";
      await page.instance.subscribe?.();
      expect(wx.toasts.at(-1)).toBe("订阅没有成功，请重试");
      expect(text(page, ".error")).toContain("消息模板：");
    } finally {
      config.alertTemplateId = "";
    }
  });
});

describe("no-phone entry at the door", () => {
  it("registers a visitor with no phone, or a landline, and says in Chinese what is wrong with a bad number", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("st-door", 4404);
    await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...barberShop(), name: "无手机测试店" });
    installWx(server.url, "st-door");
    const page = open("staff");
    await page.instance.onLoad?.();
    expect(text(page, ".field")).toContain("无手机测试店");

    page.instance.setData?.({ form: { name: "郑爷爷", idNumber: residentId(4405), phone: "" } });
    await page.instance.enter?.();
    expect(page.data.entered).toMatchObject({ status: "green" });

    page.instance.setData?.({ form: { name: "郑奶奶", idNumber: residentId(4406), phone: "0515-88886666" } });
    await page.instance.enter?.();
    expect(page.data.problems).toEqual({});
    expect(text(page, ".entry-row")).toContain("郑**");

    page.instance.setData?.({ form: { name: "郑阿姨", idNumber: residentId(4407), phone: "12345" } });
    await page.instance.enter?.();
    const phoneField = page
      .querySelectorAll(".field")
      .map((field) => field.dom.textContent)
      .find((words) => words.startsWith("联系电话"));
    expect(phoneField).toContain("请填写手机号，或带区号的座机");
    expect(mobile(4407)).toMatch(/^1/);
  });
});

describe("what every page's markup promises", () => {
  const pages = readdirSync(resolve(ROOT, "pages")).map((page) => ({
    page,
    wxml: readFileSync(resolve(ROOT, "pages", page, "index.wxml"), "utf8"),
  }));
  const appWxss = readFileSync(resolve(ROOT, "app.wxss"), "utf8");
  const fontSize = (selector: string) =>
    Number(new RegExp(`${selector.replace(/\./g, "\\.")}[^{]*\\{[^}]*font-size: (\\d+)rpx`).exec(appWxss)?.[1]);

  it("binds every page button to the busy state, so nothing is sent twice", () => {
    const unbound = pages.flatMap(({ page, wxml }) =>
      (wxml.match(/<button[^>]*>/g) ?? []).filter((tag) => !/disabled="\{\{/.test(tag)).map((tag) => `${page}: ${tag}`),
    );
    expect(unbound).toEqual([]);
  });

  it("gives small buttons (删除, 离开签退, 移除) a 44 px touch target", () => {
    expect(pages.filter(({ wxml }) => wxml.includes('size="mini"')).map(({ page }) => page)).toEqual([]);
    expect(Number(/\.tap \{[^}]*min-height: (\d+)rpx/.exec(appWxss)?.[1])).toBeGreaterThanOrEqual(88);
    for (const label of ["删除", "离开签退", "移除"]) {
      const tag = pages.map(({ wxml }) => new RegExp(`<button[^>]*>${label}</button>`).exec(wxml)?.[0]).find(Boolean);
      expect(tag).toMatch(/class="[^"]*\btap\b/);
    }
  });

  it("scales titles and error text in large-type mode, not only the inputs", () => {
    expect(fontSize(".large .title")).toBeGreaterThan(fontSize(".title"));
    expect(fontSize(".large .error")).toBeGreaterThan(28);
    expect(fontSize(".large .error")).toBeGreaterThan(fontSize("page"));
  });

  it("puts 扫码 / 通行卡 / 我的 in the tabBar and asks WeChat to check privacy authorisation", () => {
    const app = JSON.parse(readFileSync(resolve(ROOT, "app.json"), "utf8"));
    expect(app.tabBar.list.map((tab: { text: string }) => tab.text)).toEqual(["扫码", "通行卡", "我的"]);
    expect(app.__usePrivacyCheck__).toBe(true);
    for (const tab of app.tabBar.list) expect(app.pages).toContain(tab.pagePath);
  });
});

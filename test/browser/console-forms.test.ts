import type { Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { Exposure } from "../../src/exposures/exposure.model.js";
import { api, barberShop } from "../support/api.js";
import { useServedBrowser } from "../support/served-browser.js";
import { useTestStores } from "../support/stores.js";

/**
 * The console's forms as an official meets them: the server's Chinese message about a refused
 * field stands beside that field (and the field says so to assistive technology); a preview's
 * default time window counts a scan made this minute; an event that reaches nobody is not offered.
 */
const DESKTOP = { width: 1280, height: 800 };

const stores = useTestStores();
const served = useServedBrowser(stores);
const { signInConsole } = served;

beforeAll(async () => {
  await stores.deps.services.officials.create({
    username: "health-form",
    password: "health password 56",
    role: "health",
  });
  await stores.deps.services.officials.create({
    username: "police-form",
    password: "police password 56",
    role: "police",
  });
}, 60_000);

async function pageAt(): Promise<Page> {
  const page = await served.browser.newPage({ viewport: DESKTOP, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

/** China's wall-clock time `minutes` from now, as a datetime-local input holds it (the pages run in China time). */
const chinaLocal = (minutes: number) =>
  new Date(Date.now() + minutes * 60_000 + 8 * 3600_000).toISOString().slice(0, 16);

/**
 * What a person and a screen reader find at `control`: whether it is marked invalid, the text its
 * aria-describedby points to, and the message standing in the same labelled field.
 */
async function besideField(control: Locator) {
  return control.evaluate((node) => {
    const doc = node.ownerDocument;
    const described = (node.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .filter(Boolean)
      .map((id) => doc.getElementById(id)?.textContent ?? "")
      .join(" ");
    const wrapper = node.closest(".field") ?? node.parentElement;
    return {
      invalid: node.getAttribute("aria-invalid"),
      described,
      beside: wrapper?.querySelector(".field-error")?.textContent ?? "",
    };
  });
}

describe("the console's forms show the server's message beside the field it names", () => {
  it("on sign-in: a user name too long for any account is refused beside 用户名, and the mark goes once it is fixed", async () => {
    const page = await pageAt();
    await signInConsole(page, "h".repeat(70), "whatever password");
    const username = page.getByLabel("用户名");
    await expect
      .poll(() => besideField(username))
      .toEqual({
        invalid: "true",
        described: "用户名：请填写3至32位字母、数字、点、横线或下划线",
        beside: "用户名：请填写3至32位字母、数字、点、横线或下划线",
      });
    // The password was not the problem, and is not marked.
    expect((await besideField(page.getByLabel("密码"))).invalid).toBeNull();
    await username.fill("health-form");
    await page.getByLabel("密码").fill("health password 56");
    await page.getByRole("button", { name: "登录" }).click();
    await page.locator("svg.chart").waitFor();
    expect(await page.locator(".field-error").count()).toBe(0);
    await page.close();
  }, 30_000);

  it("in the exposure preview (a window ending before it starts) and the withdraw dialog (a one-character reason)", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("forms-owner", 3201);
    const market = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "字段测试菜场" })
    ).body;
    const visitor = await signInVerified("forms-visitor", 3202);
    expect((await http().post("/api/scans").set(visitor).send({ code: market.code })).status).toBe(201);

    const page = await pageAt();
    await signInConsole(page, "health-form", "health password 56");
    await page.getByRole("button", { name: "风险事件" }).click();
    await page.getByLabel("场所名称或地址").fill("字段测试");
    await page.getByRole("button", { name: "查找场所" }).click();
    await page.getByRole("button", { name: "加入：字段测试菜场" }).click();
    const start = page.getByLabel("时段开始");
    const end = page.getByLabel("时段结束");
    await start.fill(chinaLocal(-60));
    await end.fill(chinaLocal(-120));
    await page.getByRole("button", { name: "预览影响人数" }).click();
    const expected = "到场结束时间：请填写有效的日期和时间，晚于开始时间、不晚于现在（可晚3分钟以内），一个时段最长7天";
    await expect.poll(() => besideField(end)).toEqual({ invalid: "true", described: expected, beside: expected });
    expect((await besideField(start)).invalid).toBeNull();
    // Also said once at the top of the form, as before.
    await expect(page.getByRole("alert").filter({ hasText: expected }).count()).resolves.toBe(1);
    await page.screenshot({ path: "test-output/screenshots/console-field-error-1280.png" });

    // Fixed and previewed again: the mark goes, the person who scanned is counted, the event is sent.
    await end.fill(chinaLocal(2));
    await page.getByRole("button", { name: "预览影响人数" }).click();
    await page.getByText("将提醒 1 人").waitFor();
    expect((await besideField(end)).invalid).toBeNull();
    await page.getByRole("button", { name: "发出提醒" }).click();
    await page.getByRole("dialog", { name: "确认发出提醒" }).getByRole("button", { name: "确认发出（1 人）" }).click();
    await expect.poll(() => Exposure.countDocuments({ "windows.venueName": "字段测试菜场" })).toBe(1);

    await page.getByRole("button", { name: "撤回：字段测试菜场" }).click();
    const withdraw = page.getByRole("dialog", { name: "撤回提醒" });
    const reason = withdraw.getByLabel("撤回原因");
    await reason.fill("错");
    await withdraw.getByRole("button", { name: "撤回" }).click();
    const tooShort = "原因：请用2至200个字说明原因，不要填写身份证号";
    await expect.poll(() => besideField(reason)).toEqual({ invalid: "true", described: tooShort, beside: tooShort });
    await page.screenshot({ path: "test-output/screenshots/console-withdraw-field-error-1280.png" });
    await reason.fill("场所填错，撤回");
    await withdraw.getByRole("button", { name: "撤回" }).click();
    await page.getByText("已撤回，已向 1 人发出更正。").waitFor();
    await page.close();
  }, 60_000);

  it("in the inspection dialog: a fine for a compliant venue is refused beside 罚款金额", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("forms-inspected-owner", 3203);
    await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...barberShop(), name: "巡查字段测试店" });
    const page = await pageAt();
    await signInConsole(page, "police-form", "police password 56");
    await page.getByRole("button", { name: "巡查记录" }).click();
    await page.getByLabel("场所名称或地址").fill("巡查字段");
    await page.getByRole("button", { name: "查找场所" }).click();
    await page.getByRole("button", { name: "记录巡查：巡查字段测试店" }).click();
    const dialog = page.getByRole("dialog", { name: "记录巡查：巡查字段测试店" });
    await dialog.getByLabel("检查结果").selectOption({ label: "合规" });
    const fine = dialog.getByLabel("罚款金额（元，可不填）");
    await fine.fill("200");
    await dialog.getByRole("button", { name: "保存巡查记录" }).click();
    const expected = "罚款金额：请填写0至100000之间的整数（元）；检查合格的场所不罚款";
    await expect.poll(() => besideField(fine)).toEqual({ invalid: "true", described: expected, beside: expected });
    expect((await besideField(dialog.getByLabel("检查结果"))).invalid).toBeNull();
    await fine.fill("");
    await dialog.getByRole("button", { name: "保存巡查记录" }).click();
    await page.getByText("已记录：巡查字段测试店，合规").waitFor();
    await page.close();
  }, 30_000);
});

describe("the exposure preview's defaults and an event for nobody", () => {
  it("counts a scan made a moment ago with the default time window, and does not offer to send an event that reaches nobody", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("forms-now-owner", 3204);
    const busy = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "刚刚扫码面馆" })
    ).body;
    await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...barberShop(), name: "无人到访书店" });
    const page = await pageAt();
    await signInConsole(page, "health-form", "health password 56");
    await page.getByRole("button", { name: "风险事件" }).click();
    // The scan comes after the console opened, as it would while an official prepares an event.
    const visitor = await signInVerified("forms-now-visitor", 3205);
    expect((await http().post("/api/scans").set(visitor).send({ code: busy.code })).status).toBe(201);
    await page.getByLabel("场所名称或地址").fill("刚刚扫码");
    await page.getByRole("button", { name: "查找场所" }).click();
    await page.getByRole("button", { name: "加入：刚刚扫码面馆" }).click();
    await page.getByRole("button", { name: "预览影响人数" }).click();
    await page.getByText("将提醒 1 人").waitFor();
    await page.getByRole("button", { name: "移除 刚刚扫码面馆" }).click();

    await page.getByLabel("场所名称或地址").fill("无人到访");
    await page.getByRole("button", { name: "查找场所" }).click();
    await page.getByRole("button", { name: "加入：无人到访书店" }).click();
    await page.getByRole("button", { name: "预览影响人数" }).click();
    await page.getByText("没有人会收到提醒：所选场所在这些时段内没有扫码记录").waitFor();
    expect(await page.getByRole("button", { name: "发出提醒" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "发出提醒" }).click({ force: true });
    expect(await page.getByRole("dialog").count()).toBe(0);
    expect(await Exposure.countDocuments({ "windows.venueName": "无人到访书店" })).toBe(0);
    await page.screenshot({ path: "test-output/screenshots/console-exposure-nobody-1280.png" });
    await page.close();
  }, 30_000);
});

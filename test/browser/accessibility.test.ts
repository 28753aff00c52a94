import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, barberShop } from "../support/api.js";
import { launchChromium } from "../support/browser.js";
import { listen } from "../support/sse.js";
import { useTestStores } from "../support/stores.js";

/**
 * axe-core, run inside Chromium on every web screen: no serious or critical violation on the
 * landing page (active, revoked, forged), the web chat and every section of the console.
 */
const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

const stores = useTestStores();
let browser: Browser;
let server: { url: string; close: () => void };
let shop: { id: string; code: string };
let oldCode: string;

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

beforeAll(async () => {
  ({ browser } = await launchChromium());
  server = await listen(stores.app);
  const { http, signInVerified } = api(stores.app);
  const owner = await signInVerified("axe-owner", 3301);
  const first = (await http().post("/api/venues").set(owner).send(barberShop())).body;
  oldCode = first.code;
  shop = { id: first.id, code: (await http().post(`/api/venues/${first.id}/reissue`).set(owner)).body.code };
  const visitor = await signInVerified("axe-visitor", 3302);
  await http().post("/api/scans").set(visitor).send({ code: shop.code });
  for (const [username, role] of [
    ["axe-health", "health"],
    ["axe-police", "police"],
    ["axe-admin", "admin"],
  ] as const) {
    await stores.deps.services.officials.create({ username, password: "axe password 123", role });
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** The serious and critical violations axe finds on the page as it is now, described for a failure message. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in globalThis))) await page.addScriptTag({ path: AXE });
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } }).axe;
    const result = (await axe.run((globalThis as unknown as { document: unknown }).document, {
      resultTypes: ["violations"],
    })) as { violations: Violation[] };
    return result.violations;
  })) as Violation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function open(size: { width: number; height: number }, path: string): Promise<Page> {
  // axe is added as a script, which the pages' Content-Security-Policy would refuse.
  const page = await browser.newPage({ viewport: size, locale: "zh-CN", bypassCSP: true });
  await page.goto(`${server.url}${path}`);
  return page;
}

describe("accessibility (axe-core in Chromium)", () => {
  it("finds nothing serious on the landing page, active, revoked and forged, at phone and desktop sizes", async () => {
    const forged = `${shop.code.slice(0, -1)}${shop.code.endsWith("A") ? "B" : "A"}`;
    for (const size of [PHONE, DESKTOP]) {
      for (const code of [shop.code, oldCode, forged]) {
        const page = await open(size, `/s/${code}`);
        expect(await seriousViolations(page), `/s/${code} at ${size.width}`).toEqual([]);
        await page.close();
      }
    }
  }, 60_000);

  it("finds nothing serious in the web chat, before and after a conversation", async () => {
    const page = await open(PHONE, "/chat");
    await page.locator(".bubble--bot").first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "申领场所码" }).click();
    await page.locator(".bubble--bot", { hasText: "需要先登录" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  }, 30_000);

  it("finds nothing serious on the console's sign-in and in every section each role sees, dialogs included", async () => {
    for (const username of ["axe-health", "axe-police", "axe-admin"]) {
      const page = await open(DESKTOP, "/console");
      expect(await seriousViolations(page), "sign-in").toEqual([]);
      await page.getByLabel("用户名").fill(username);
      await page.getByLabel("密码").fill("axe password 123");
      await page.getByRole("button", { name: "登录" }).click();
      const tabs = page.locator("#tabs button");
      await tabs.first().waitFor();
      const names = await tabs.allTextContents();
      for (const name of names) {
        await page.getByRole("button", { name, exact: true }).click();
        await page.locator("#section table").first().waitFor();
        await page.waitForLoadState("networkidle");
        expect(await seriousViolations(page), `${username} · ${name}`).toEqual([]);
      }
      if (username === "axe-health") {
        await page.getByRole("button", { name: "风险事件", exact: true }).click();
        await page.getByRole("button", { name: "查找场所" }).click();
        await page.getByRole("button", { name: "加入：王记理发店" }).click();
        await page.getByRole("button", { name: "预览影响人数" }).click();
        await page.getByText(/将提醒 \d+ 人/).waitFor();
        await page.getByRole("button", { name: "发出提醒" }).click();
        await page.getByRole("dialog").waitFor();
        expect(await seriousViolations(page), "confirmation dialog").toEqual([]);
      }
      await page.close();
    }
  }, 90_000);
});

import { mkdir, writeFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, barberShop } from "../support/api.js";
import { launchChromium } from "../support/browser.js";
import { listen } from "../support/sse.js";
import { useTestStores } from "../support/stores.js";

/**
 * Posters as they come out of a printer: the HTML poster printed by Chromium is one A4 page, and
 * in poster.png every instruction stands above the footer, for names from 2 to 40 characters,
 * with an address and for a vehicle (a plate, no address).
 */
const stores = useTestStores();
let browser: Browser;
let server: { url: string; close: () => void };
const OUTPUT = "test-output/posters";

const NAMES = {
  short: "茶馆",
  medium: "盐城市射阳县合德镇王记理发店",
  forty: "盐城市射阳县合德镇人民路东侧幸福里小区北门旁边王记老字号理发美容美发连锁总店分部",
};

beforeAll(async () => {
  await mkdir(OUTPUT, { recursive: true });
  ({ browser } = await launchChromium());
  server = await listen(stores.app);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** Pages in a PDF as Chromium writes it: one page object each. */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

/**
 * In the poster PNG, from the footer's top upward: the text lines of the steps, each a run of rows
 * with dark pixels, until the white quiet zone under the QR code. Returns the footer's top row, the
 * runs found and the gap left under the last one.
 */
function stepsAboveFooter(png: PNG) {
  const pixel = (x: number, y: number) => {
    const i = (y * png.width + x) * 4;
    return [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0];
  };
  const isFooter = (y: number) => {
    const [r, g, b] = pixel(5, y);
    return r === 0xf1 && g === 0xf5 && b === 0xf2;
  };
  let footerTop = png.height - 1;
  while (footerTop > 0 && isFooter(footerTop - 1)) footerTop--;
  const inked = (y: number) => {
    for (let x = 100; x < png.width - 100; x += 1) if ((pixel(x, y)[0] ?? 255) < 120) return true;
    return false;
  };
  const runs: { top: number; bottom: number }[] = [];
  let blank = 0;
  for (let y = footerTop - 1; y > 0 && blank < 70; y--) {
    if (inked(y)) {
      const last = runs.at(-1);
      if (last && blank === 0) last.top = y;
      else runs.push({ top: y, bottom: y });
      blank = 0;
    } else blank++;
  }
  return { footerTop, runs: runs.reverse() };
}

describe("posters", () => {
  it("print on one A4 page and keep every instruction above the footer, for names of 2 to 40 characters", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("poster-owner", 3201);
    const venues = [
      { ...barberShop(), name: NAMES.short },
      { ...barberShop(), name: NAMES.medium, address: "射阳县合德镇人民路18号" },
      { ...barberShop(), name: NAMES.forty, address: "射阳县合德镇人民路东侧幸福里小区北门旁边18号" },
      {
        ...barberShop(),
        name: `${NAMES.forty.slice(0, 36)}公交线路`,
        categoryId: "bus",
        address: undefined,
        plateNumber: "苏J12345",
      },
    ];
    expect([...NAMES.forty]).toHaveLength(40);
    for (const [i, body] of venues.entries()) {
      const created = await http().post("/api/venues").set(owner).send(body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const { id, code } = created.body;

      const page = await browser.newPage();
      await page.goto(`${server.url}/api/venue-codes/${code}/poster`);
      await page.emulateMedia({ media: "print" });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      await writeFile(`${OUTPUT}/poster-${i}.pdf`, pdf);
      expect(pdfPages(pdf), body.name).toBe(1);
      // Nothing is cut off: the footer with the 编号 ends inside the sheet, the QR code is whole and square.
      const boxes = await page.evaluate(() => {
        const doc = (
          globalThis as unknown as {
            document: {
              querySelector(s: string): {
                getBoundingClientRect(): { top: number; bottom: number; width: number; height: number };
              };
            };
          }
        ).document;
        const box = (selector: string) => doc.querySelector(selector).getBoundingClientRect();
        return { sheet: box(".sheet"), footer: box("footer"), qr: box(".qr"), steps: box("ol") };
      });
      expect(boxes.footer.bottom).toBeLessThanOrEqual(boxes.sheet.bottom + 0.5);
      expect(boxes.steps.bottom).toBeLessThanOrEqual(boxes.footer.top);
      expect(boxes.qr.width).toBeCloseTo(boxes.qr.height, 0);
      // 100 mm at 96 px per inch: the code still scans from a metre away.
      expect(boxes.qr.width).toBeGreaterThan(378);
      await page.close();

      const poster = await http().get(`/api/venues/${id}/poster.png`).set(owner).buffer(true);
      expect(poster.status).toBe(200);
      await writeFile(`${OUTPUT}/poster-${i}.png`, poster.body);
      const png = PNG.sync.read(poster.body);
      expect([png.width, png.height]).toEqual([1240, 1754]);
      const { footerTop, runs } = stepsAboveFooter(png);
      expect(footerTop).toBeGreaterThan(1500);
      // Four lines of instructions (the third step takes two), the last one clear of the footer.
      expect(runs, body.name).toHaveLength(4);
      expect((runs.at(-1)?.bottom ?? footerTop) + 12).toBeLessThan(footerTop);
    }
  }, 90_000);
});

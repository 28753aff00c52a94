import { createRequire } from "node:module";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, barberShop } from "../support/api.js";
import { mobile, residentId } from "../support/people.js";
import { listen } from "../support/sse.js";
import { useTestStores } from "../support/stores.js";
import { until } from "../support/time.js";
import { installDom, installWx } from "./wx.js";

const require = createRequire(import.meta.url);
const document = installDom();
const simulate = require("miniprogram-simulate");
const ROOT = resolve("miniprogram");

const stores = useTestStores();
let server: { url: string; close: () => void };
let shop: { id: string; code: string };
beforeAll(async () => {
  server = await listen(stores.app);
  const { http, signInVerified } = api(stores.app);
  const owner = await signInVerified("mp-owner", 4101);
  shop = (await http().post("/api/venues").set(owner).send(barberShop)).body;
});
afterAll(() => server.close());

/** A page of the mini-program, rendered as WeChat would, attached so its lifetimes run. */
function open(page: string) {
  const rendered = simulate.render(simulate.load(`${ROOT}/pages/${page}/index`, { rootPath: ROOT }));
  rendered.attach(document.createElement("parent-wrapper"));
  return rendered;
}

const text = (page: { querySelector(s: string): { dom: { textContent: string } } | undefined }, selector: string) =>
  page.querySelector(selector)?.dom.textContent ?? "";

describe("the mini-program's pages against the real service", () => {
  it("verifies a real name, opens from a scanned poster link, checks in, and shows a green pass card", async () => {
    const wx = installWx(server.url, "mp-resident");
    const identity = open("identity");
    identity.instance.setData({ form: { name: "赵建国", idNumber: "110101199003071234", phone: "138" } });
    await identity.instance.submit();
    expect(identity.data.problems).toMatchObject({ idNumber: expect.any(String), phone: expect.any(String) });
    expect(text(identity, ".problem")).not.toBe("");
    identity.instance.setData({ form: { name: "赵建国", idNumber: residentId(4102), phone: mobile(4102) } });
    await identity.instance.submit();
    expect(identity.data.done).toBe(true);

    const scan = open("scan");
    await scan.instance.onLoad({ q: encodeURIComponent(`${server.url}/s/${shop.code}`) });
    expect(scan.data.state).toBe("ready");
    expect(text(scan, ".venue-name")).toBe("王记理发店");
    await scan.instance.checkIn();
    expect(wx.navigations).toContain("/pages/pass/index");

    const pass = open("pass");
    pass.instance.onLoad();
    await until(async () => pass.querySelector(".pass-card") !== undefined);
    const card = pass.querySelector(".pass-card");
    expect(card.querySelector(".pass").dom.getAttribute("data-status")).toBe("green");
    expect(card.querySelector(".name").dom.textContent).toBe("赵**");
    pass.detach();

    const visits = open("visits");
    await visits.instance.onLoad();
    expect(text(visits, ".visit")).toContain("王记理发店");
    expect(visits.data.visits[0].open).toBe(true);
    await visits.instance.checkOut({ currentTarget: { dataset: { id: visits.data.visits[0].id } } });
    expect(visits.data.visits[0]).toMatchObject({ endedBy: "checkout", open: false });
  });

  it("warns on a forged code instead of offering to check in", async () => {
    installWx(server.url, "mp-resident");
    const scan = open("scan");
    const forged = `${shop.code.slice(0, -1)}${shop.code.endsWith("A") ? "B" : "A"}`;
    await scan.instance.onLoad({ q: encodeURIComponent(`${server.url}/s/${forged}`) });
    expect(scan.data.state).toBe("invalid");
    expect(text(scan, ".notice")).toContain("这不是有效的场所码");
    expect(scan.querySelector(".check-in")).toBeUndefined();
  });

  it("adds a companion after checking the form, lists them masked, and removes them", async () => {
    installWx(server.url, "mp-resident");
    const page = open("companions");
    await page.instance.onLoad();
    page.instance.setData({ form: { name: "A", idNumber: "123", relation: "" } });
    await page.instance.add();
    expect(Object.keys(page.data.problems).sort()).toEqual(["idNumber", "name", "relation"]);
    page.instance.setData({ form: { name: "赵奶奶", idNumber: residentId(4103), relation: "奶奶" } });
    await page.instance.add();
    expect(page.data.companions).toHaveLength(1);
    expect(text(page, ".companion")).toContain("赵**（奶奶）");
    expect(text(page, ".companion")).not.toContain(residentId(4103));
    await page.instance.remove({ currentTarget: { dataset: { id: page.data.companions[0].id } } });
    expect(page.data.companions).toHaveLength(0);
  });

  it("checks the venue form before sending it, then registers the venue", async () => {
    installWx(server.url, "mp-resident");
    const page = open("venue-register");
    await page.instance.onLoad();
    expect(page.data.categories.length).toBe(24);
    await page.instance.submit();
    expect(Object.keys(page.data.problems).sort()).toEqual([
      "address",
      "categoryId",
      "contactPhone",
      "name",
      "regionCode",
    ]);
    expect(page.data.created).toBeNull();
    page.instance.pickCategory({ detail: { value: "0" } });
    page.instance.pickRegion({ detail: { value: "0" } });
    page.instance.setData({
      "form.name": "赵家小吃",
      "form.address": "亭湖区建军路5号",
      "form.contactPhone": mobile(4104),
    });
    await page.instance.submit();
    expect(page.data.created).toMatchObject({ name: "赵家小吃", code: expect.stringMatching(/^[A-Za-z0-9_-]{20}$/) });
    expect(text(page, ".created")).toContain("申领成功");
  });
});

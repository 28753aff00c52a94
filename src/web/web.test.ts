import request from "supertest";
import { describe, expect, it } from "vitest";
import { api, barberShop } from "../../test/support/api.js";
import { useTestStores } from "../../test/support/stores.js";
import { createApp } from "../app.js";

const stores = useTestStores();

describe("the web pages and their assets", () => {
  it("offers the development check-in only outside production, and sends a strict content policy", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("web-owner", 9501);
    const shop = (await http().post("/api/venues").set(owner).send(barberShop())).body;
    const development = await http().get(`/s/${shop.code}`);
    expect(development.status).toBe(200);
    expect(development.text).toContain("开发测试");
    expect(development.headers["content-security-policy"]).toContain("script-src 'self'");

    const { services } = stores.deps;
    const production = createApp({
      ...stores.deps,
      services: { ...services, config: { ...services.config, nodeEnv: "production" } },
    });
    const page = await request(production.callback()).get(`/s/${shop.code}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("王记理发店");
    expect(page.text).not.toContain("开发测试");
    expect(page.text).not.toContain("landing.js");
  });

  it("refuses markup in venue names, escapes what owners typed, and serves only its own assets", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("web-owner-2", 9502);
    const markup = await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...barberShop(), name: "<script>alert(1)</script>小店" });
    expect(markup.status).toBe(400);
    const shop = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: '张记"老店"&小吃', address: "射阳县合德镇人民路99号" })
    ).body;
    const page = await http().get(`/s/${shop.code}`);
    expect(page.text).toContain("张记&#34;老店&#34;&#38;小吃");

    expect((await http().get("/assets/site.css")).headers["content-type"]).toContain("text/css");
    expect((await http().get("/assets/fonts/regular.ttf")).headers["content-type"]).toBe("font/ttf");
    for (const path of [
      "/assets/..%2Fweb.routes.ts",
      "/assets/pages.ts",
      "/assets/fonts/thin.ttf",
      "/assets/nothing.js",
    ]) {
      const response = await http().get(path);
      expect(response.status, path).toBe(404);
      expect(response.body.error.code).toBe("NOT_FOUND");
    }
  });
});

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, barberShop, flagLastTwoHours, officialAuth } from "../../test/support/api.js";
import { mobile, residentId } from "../../test/support/people.js";
import { fanoutOptions, useTestStores } from "../../test/support/stores.js";
import { timePasses, until } from "../../test/support/time.js";
import { Exposure } from "../exposures/exposure.model.js";
import { FanoutWorker } from "../exposures/fanout.js";
import { WeChatApi } from "../wechat/api-client.js";
import { startWeChatStandIn, type WeChatStandIn } from "../wechat/stand-in.js";
import { subscribeMessageChannel } from "./subscribe-channel.js";

const TEMPLATE = "alert-template-0001";
let wechat: WeChatStandIn;
beforeAll(async () => {
  wechat = await startWeChatStandIn();
});
afterAll(() => wechat.stop());

const stores = useTestStores(() => ({
  WECHAT_APPID: "wx0123456789abcdef",
  WECHAT_SECRET: "0123456789abcdef0123456789abcdef",
  WECHAT_API_BASE: wechat.url,
  WECHAT_ALERT_TEMPLATE_ID: TEMPLATE,
}));

let channel: ReturnType<typeof subscribeMessageChannel>;
let worker: FanoutWorker;
beforeAll(async () => {
  const { config } = stores.deps;
  channel = subscribeMessageChannel(
    stores.deps.redis,
    stores.deps.logger,
    stores.deps.services.users,
    new WeChatApi(config.wechatApiBase, "wx0123456789abcdef", "0123456789abcdef0123456789abcdef"),
    TEMPLATE,
    500,
  );
  await channel.sender.start();
  worker = new FanoutWorker({ ...fanoutOptions(stores), claimIdleMs: 500, channels: [channel.queue] });
  await worker.start();
});
afterAll(async () => {
  await worker.stop();
  await channel.sender.stop();
});

async function wechatResident(n: number) {
  const { http } = api(stores.app);
  const signedIn = await http()
    .post("/api/auth/wechat")
    .send({ code: `good-${n}` });
  const auth = { Authorization: `Bearer ${signedIn.body.token}` };
  await http()
    .put("/api/me/identity")
    .set(auth)
    .send({ name: "钱多多", idNumber: residentId(n), phone: mobile(n) });
  return auth;
}

describe("alerts as WeChat subscribe messages", () => {
  it("sends one message to each subscribed resident, retries a busy WeChat, and skips the unsubscribed", async () => {
    const { http } = api(stores.app);
    const owner = await wechatResident(1901);
    const shop = (await http().post("/api/venues").set(owner).send(barberShop())).body;
    const subscribed = await wechatResident(1902);
    const busy = await wechatResident(1903);
    const silent = await wechatResident(1904);
    for (const auth of [subscribed, busy]) {
      expect((await http().post("/api/me/subscriptions").set(auth).send({ templateId: TEMPLATE })).status).toBe(201);
    }
    expect((await http().post("/api/me/subscriptions").set(silent).send({ templateId: "someone-elses" })).status).toBe(
      400,
    );
    for (const auth of [subscribed, busy, silent]) await http().post("/api/scans").set(auth).send({ code: shop.code });
    await timePasses(60);
    wechat.busyFor.set("openid-1903", 2);

    const health = await officialAuth(stores.deps.services, "health");
    const created = await flagLastTwoHours(stores.app, health, shop.code, "请尽快检测");
    await until(async () => (await Exposure.findById(created.body.id).lean())?.status === "done");
    await until(async () => wechat.sends.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(wechat.sends.map((s) => s.touser).sort()).toEqual(["openid-1902", "openid-1903"]);
    expect(wechat.sends.every((s) => s.template_id === TEMPLATE)).toBe(true);
    // The message opens a page the mini-program has, with the alert's id.
    const { pages } = JSON.parse(readFileSync("miniprogram/app.json", "utf8")) as { pages: string[] };
    for (const send of wechat.sends) {
      const [page, query] = send.page.split("?");
      expect(pages).toContain(page);
      expect(query).toMatch(/^id=[0-9a-f]{24}$/);
    }
    expect(JSON.stringify(wechat.sends)).not.toContain(residentId(1902));
    expect(wechat.tokensIssued).toBe(1);
    const progress = await http().get(`/api/exposures/${created.body.id}`).set(health);
    expect(progress.body).toMatchObject({
      delivered: 3,
      byChannel: { inbox: 3, subscribeMessage: { sent: 2, failed: 0 } },
    });
    // The agreement to receive one message was used up.
    const me = await http().post("/api/me/subscriptions").set(subscribed).send({ templateId: TEMPLATE });
    expect(me.body.alertSubscriptions).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WechatyBuilder } from "wechaty";
import { mock, PuppetMock } from "wechaty-puppet-mock";
import { botAlertSender, botMessages } from "../../src/chat/bot-alerts.js";
import { Exposure } from "../../src/exposures/exposure.model.js";
import { FanoutWorker } from "../../src/exposures/fanout.js";
import { AlertChannelQueue } from "../../src/notifications/alert-channel.js";
import { api, barberShop, flagLastTwoHours, officialAuth } from "../../test/support/api.js";
import { mobile, residentId } from "../../test/support/people.js";
import { fanoutOptions, useTestStores } from "../../test/support/stores.js";
import { timePasses, until } from "../../test/support/time.js";
import { createConversationEngine } from "../engine/index.js";
import { connectWechaty, wechatyMessenger } from "./wechaty.js";

const stores = useTestStores();
const mocker = new mock.Mocker();
const bot = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) });
let botUser: mock.ContactMock;

beforeAll(async () => {
  connectWechaty(
    bot,
    createConversationEngine(stores.deps.services, stores.deps.redis),
    stores.deps.services,
    stores.deps.logger,
  );
  await bot.start();
  mocker.scan("https://login.example/qr", 1);
  botUser = mocker.createContact({ name: "场所码小助手" });
  mocker.login(botUser);
});

afterAll(async () => {
  await bot.stop();
});

// Alerts flow as in the service: fan-out → the bot's queue → the bot, which sends them in WeChat.
let alertSender: ReturnType<typeof botAlertSender>;
let fanout: FanoutWorker;
beforeAll(async () => {
  const { redis, logger } = stores.deps;
  alertSender = botAlertSender(redis, logger, wechatyMessenger(bot), 500);
  fanout = new FanoutWorker({
    ...fanoutOptions(stores),
    claimIdleMs: 500,
    channels: [new AlertChannelQueue(redis, botMessages)],
  });
  await Promise.all([alertSender.start(), fanout.start()]);
});
afterAll(() => Promise.all([alertSender.stop(), fanout.stop()]));

/** A WeChat contact talking to the bot, collecting what the bot says back (not their own messages). */
function contactNamed(name: string) {
  const contact = mocker.createContact({ name });
  const received: string[] = [];
  // The mock's typings omit its event emitter; it emits every message the contact sees, its own too.
  const events = contact as unknown as {
    on(event: "message", listener: (message: { payload: { talkerId?: string; text?: string } }) => void): void;
  };
  events.on("message", (message) => {
    if (message.payload.talkerId === botUser.id) received.push(message.payload.text ?? "");
  });
  return {
    contact,
    received,
    async say(text: string): Promise<string> {
      const before = received.length;
      contact.say(text).to(botUser);
      const deadline = Date.now() + 5000;
      while (received.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 50));
      return received.slice(before).join("\n");
    },
  };
}

describe("the bot in WeChat (mock puppet)", () => {
  it("asks an unbound contact to sign in through the mini-program, then registers two companions on that account", async () => {
    const auntie = contactNamed("李阿姨");
    const asked = await auntie.say("添加随行人员");
    expect(asked).toContain("需要先登录");
    expect(asked).toContain("绑定 六位数字");
    const link = /\/l\/([A-Za-z0-9_-]{22})/.exec(asked)?.[1] ?? "";
    // She opens the link in the mini-program, where she is signed in, and confirms.
    const { http, signIn } = api(stores.app);
    const miniProgram = await signIn("li-auntie");
    expect((await http().post(`/api/me/sign-in-links/${link}`).set(miniProgram)).body).toEqual({ kind: "wechat" });
    expect(await auntie.say("继续")).toContain("真实姓名");
    expect(await auntie.say("李秀兰")).toContain("身份证号");
    expect(await auntie.say(residentId(1301))).toContain("手机号");
    expect(await auntie.say(mobile(1301))).toContain("随行人员");
    expect(await auntie.say("李大爷")).toContain("身份证号");
    expect(await auntie.say(residentId(1302))).toContain("什么人");
    expect(await auntie.say("爸爸")).toContain("请核对");
    expect(await auntie.say("确认")).toContain("已添加随行人员：李**（父亲）");

    expect(await auntie.say("添加随行人员")).toContain("姓名");
    expect(await auntie.say("王小宝")).toContain("身份证号");
    expect(await auntie.say(residentId(1303))).toContain("什么人");
    expect(await auntie.say("2")).toContain("关系：母亲");
    expect(await auntie.say("修改 关系")).toContain("什么人");
    expect(await auntie.say("孙子")).toContain("关系：孙辈");
    expect(await auntie.say("确认")).toContain("已添加随行人员：王**（孙辈）");

    const listed = await auntie.say("我的随行人员");
    expect(listed).toContain("1. 李**（父亲）");
    expect(listed).toContain("2. 王**（孙辈）");
    expect(listed).not.toContain(residentId(1302));
    const inApp = await http().get("/api/me/companions").set(miniProgram);
    expect(inApp.body.companions.map((c: { name: string }) => c.name)).toEqual(["李**", "王**"]);
  });

  it("answers questions and binds a contact with a code from the mini-program", async () => {
    const owner = contactNamed("张老板");
    expect(await owner.say("我这理发店客人不多也要申领吗")).toContain("也要申领");
    const { code } = await stores.deps.services.bindings.issueCode(
      String((await stores.deps.services.users.signInWithWeChat("dev:zhang-laoban"))._id),
    );
    expect(await owner.say("绑定 000000")).toContain("不对");
    expect(await owner.say(`绑定 ${code}`)).toContain("绑定成功");
    expect(await owner.say(`绑定 ${code}`)).toContain("不对");
  });

  it("never traps a contact in a dialogue: questions answered at any step, 菜单, 等会再弄 and 继续, help after three misses, everyday words (issue 19)", async () => {
    const owner = contactNamed("钱老板");
    expect(await owner.say("我想问下办个码要钱吗")).toContain("免费");
    const { code } = await stores.deps.services.bindings.issueCode(
      String((await stores.deps.services.users.signInWithWeChat("dev:qian-laoban"))._id),
    );
    expect(await owner.say(`绑定 ${code}`)).toContain("绑定成功");
    expect(await owner.say("我要申领场所码")).toContain("真实姓名");
    expect(await owner.say("钱有福")).toContain("身份证号");
    const why = await owner.say("为什么要填身份证，安全吗");
    expect(why).toContain("加密");
    expect(why).toContain("请输入您的18位身份证号");
    expect(await owner.say("菜单")).toContain("您正在申领场所码（第 2 步");
    expect(await owner.say("等会再弄")).toContain("回复“继续”");
    expect(await owner.say("码贴在哪里")).toContain("醒目");
    expect(await owner.say("继续")).toContain("身份证号");
    await owner.say("1");
    await owner.say("2");
    expect(await owner.say("3")).toContain("转人工");
    await api(stores.app).signInVerified("wechaty-id-holder", 1333);
    expect(await owner.say(residentId(1333))).toContain("已经在另一个账号上实名认证过了");
    const id = residentId(1331).replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(await owner.say(id)).toContain("手机号");
    expect(await owner.say(mobile(1331).replace(/(\d{3})(\d{4})/, "$1 $2 "))).toContain("实名认证通过");
    expect(await owner.say("钱记面馆")).toContain("9. 其他");
    expect(await owner.say("其他")).toContain("24. 出租车");
    expect(await owner.say("饭店")).toContain("哪个区县");
    expect(await owner.say("亭湖")).toContain("详细地址");
    await owner.say("亭湖区建军路10号");
    const summary = await owner.say("0515-88880000");
    expect(summary).toContain("所在区域：亭湖区");
    expect(summary).toContain("修改 场所名称");
    expect(await owner.say("取消")).toContain("已取消");

    expect(await owner.say("添加随行人员")).toContain("姓名");
    await owner.say("钱奶奶");
    expect(await owner.say(residentId(1331))).toContain("这是您自己的身份证号");
    const handed = await owner.say("转人工");
    expect(handed).toContain("工作人员");
    expect(handed).toContain("回复“继续”");
    expect(await owner.say("继续")).toContain("身份证号");
    await owner.say(residentId(1332));
    expect(await owner.say("我老伴")).toContain("关系：配偶");
    expect(await owner.say("确认")).toContain("已添加随行人员：钱**（配偶）");
  });

  it("locks a contact out for fifteen minutes after five wrong bind codes, even for the right one", async () => {
    const guesser = contactNamed("猜码的人");
    const { code } = await stores.deps.services.bindings.issueCode(
      String((await stores.deps.services.users.signInWithWeChat("dev:bind-victim"))._id),
    );
    const wrong = code === "111111" ? "222222" : "111111";
    for (let i = 0; i < 5; i++) expect(await guesser.say(`绑定 ${wrong}`)).toContain("不对");
    expect(await guesser.say(`绑定 ${code}`)).toContain("15 分钟后再试");
    // The victim's code was never tried, so it still works for the victim's own contact.
    const victim = contactNamed("被猜的人");
    expect(await victim.say(`绑定 ${code}`)).toContain("绑定成功");
  });

  it("tells a bound contact of an exposure alert once, and only bound residents", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("bot-alert-owner", 1310);
    const shop = (await http().post("/api/venues").set(owner).send(barberShop())).body;
    const bound = await signInVerified("bot-alert-bound", 1311, "赵春梅");
    const unbound = await signInVerified("bot-alert-unbound", 1312);
    const sister = contactNamed("赵大姐");
    const { code } = (await http().post("/api/me/bind-code").set(bound)).body;
    expect(await sister.say(`绑定 ${code}`)).toContain("绑定成功");
    for (const resident of [bound, unbound]) await http().post("/api/scans").set(resident).send({ code: shop.code });
    await timePasses(60);

    const before = sister.received.length;
    const health = await officialAuth(stores.deps.services, "health");
    const created = await flagLastTwoHours(stores.app, health, shop.code, "请三天内完成核酸检测");
    await until(async () => (await Exposure.findById(created.body.id).lean())?.status === "done");
    await until(async () => sister.received.length > before);
    const progress = () => http().get(`/api/exposures/${created.body.id}`).set(health);
    await until(async () => (await progress()).body.byChannel?.bot?.sent === 1);
    expect((await progress()).body).toMatchObject({
      delivered: 2,
      byChannel: { inbox: 2, bot: { sent: 1, failed: 0 } },
    });

    const told = sister.received.slice(before);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain("风险提醒");
    expect(told[0]).toContain("理发");
    expect(told[0]).toContain("请三天内完成核酸检测");
    expect(told[0]).not.toContain(residentId(1311));
  });
});

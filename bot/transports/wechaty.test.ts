import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WechatyBuilder } from "wechaty";
import { mock, PuppetMock } from "wechaty-puppet-mock";
import { mobile, residentId } from "../../test/support/people.js";
import { useTestStores } from "../../test/support/stores.js";
import { createConversationEngine } from "../engine/index.js";
import { connectWechaty } from "./wechaty.js";

const stores = useTestStores();
const mocker = new mock.Mocker();
const bot = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) });
let botUser: mock.ContactMock;

beforeAll(async () => {
  connectWechaty(
    bot,
    createConversationEngine(stores.deps.services, stores.deps.redis),
    stores.deps.services.bindings,
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
  it("registers two companions for a contact, with real name given in the chat, and lists them", async () => {
    const auntie = contactNamed("李阿姨");
    expect(await auntie.say("添加随行人员")).toContain("真实姓名");
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
});

import jsQRModule from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { api, barberShop } from "../../test/support/api.js";
import { type ChatReply, lastText, webChat } from "../../test/support/chat.js";
import { mobile, residentId } from "../../test/support/people.js";
import { useTestStores } from "../../test/support/stores.js";

const stores = useTestStores({ PUBLIC_BASE_URL: "https://venue.example.gov.cn" });
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

const chat = webChat(() => stores.app);

describe("registering a venue by chat (acceptance)", () => {
  it("asks an anonymous owner to sign in, continues on their account after they confirm in the mini-program, and registers the venue there", async () => {
    const { http, signIn } = api(stores.app);
    const anonymous = chat("web-register-0001");
    const asked = await anonymous("我要申领场所码");
    expect(lastText(asked)).toContain("需要先登录");
    expect(asked.some((r) => r.type === "sign-in")).toBe(true);
    expect(lastText(await anonymous("码贴在哪里"))).toContain("需要先登录");

    // The page asks for a sign-in link and shows its QR code; the owner confirms it in the mini-program.
    const link = await http().post("/api/chat/sign-in-links").send({ sessionId: "web-register-0001" });
    expect(link.status).toBe(201);
    expect(link.body.qr).toMatch(/^data:image\/png;base64,/);
    const pending = await http()
      .post(`/api/chat/sign-in-links/${link.body.token}/collect`)
      .send({ secret: link.body.secret });
    expect(pending.body).toEqual({ status: "pending" });
    const miniProgram = await signIn("chat-owner-shen");
    const token = link.body.url.split("/l/")[1];
    expect((await http().post(`/api/me/sign-in-links/${token}`).set(miniProgram)).body).toEqual({ kind: "web" });
    const stolen = await http()
      .post(`/api/chat/sign-in-links/${token}/collect`)
      .send({ secret: "x".repeat(32) });
    expect(stolen.status).toBe(404);
    const confirmed = await http().post(`/api/chat/sign-in-links/${token}/collect`).send({ secret: link.body.secret });
    expect(confirmed.body.status).toBe("confirmed");
    const owner = { Authorization: `Bearer ${confirmed.body.token}` };
    expect(
      (await http().post(`/api/chat/sign-in-links/${token}/collect`).send({ secret: link.body.secret })).status,
    ).toBe(404);

    const say = chat("web-register-0001", owner);
    const resumed = await say("继续");
    expect(resumed.map((r) => (r.type === "text" ? r.text : "")).join("\n")).toContain("已登录，我们继续申领场所码");
    expect(lastText(resumed)).toContain("真实姓名");
    expect(lastText(await say("沈大伯"))).toContain("身份证号");
    const wrong = lastText(await say("320902199003071230"));
    expect(wrong).toContain("身份证号不对");
    expect(wrong).toContain("请输入您的18位身份证号");
    expect(lastText(await say(residentId(1201)))).toContain("手机号");
    expect(lastText(await say(mobile(1201)))).toContain("场所的名称");
    expect(lastText(await say("沈记理发店"))).toContain("哪一类场所");
    expect(lastText(await say("我开的是理发店"))).toContain("哪个区县");
    expect(lastText(await say("上一步"))).toContain("哪一类场所");
    expect(lastText(await say("理发店"))).toContain("哪个区县");
    expect(lastText(await say("5"))).toContain("详细地址");
    expect(lastText(await say("滨海县东坎老街12号"))).toContain("联系电话");
    const summary = lastText(await say(mobile(1201)));
    expect(summary).toContain("类别：服务场所");
    expect(summary).toContain("所在区域：滨海县");
    expect(summary).not.toContain(residentId(1201));

    const done = await say("确认");
    expect(lastText(done)).toContain("/poster");
    const image = done.find((r) => r.type === "image");
    if (image?.type !== "image") throw new Error("no QR image in the replies");
    const png = PNG.sync.read(Buffer.from(image.url.replace(/^data:image\/png;base64,/, ""), "base64"));
    const url = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? "";
    const code = url.replace("https://venue.example.gov.cn/s/", "");
    const resolved = await api(stores.app).http().get(`/api/venue-codes/${code}`);
    expect(resolved.body).toMatchObject({ status: "active", venue: { name: "沈记理发店", categoryName: "服务场所" } });
    const poster = await api(stores.app).http().get(`/api/venue-codes/${code}/poster`);
    expect(poster.text).toContain("沈记理发店");

    // The venue is on the owner's own account, as the mini-program sees it, with its QR code downloadable.
    const mine = await http().get("/api/venues/mine").set(miniProgram);
    expect(mine.body.venues.map((v: { name: string; role: string }) => [v.name, v.role])).toEqual([
      ["沈记理发店", "owner"],
    ]);
    const qr = await http().get(`/api/venues/${mine.body.venues[0].id}/qr.png`).set(miniProgram);
    expect(qr.status).toBe(200);
    expect(qr.headers["content-type"]).toBe("image/png");
    const me = await http().get("/api/me").set(miniProgram);
    expect(me.body).toMatchObject({ realNameVerified: true, roles: ["resident", "owner", "staff"] });
  });

  it("skips the real-name questions for a signed-in verified resident, and cancels on request", async () => {
    const auth = await api(stores.app).signInVerified("chat-verified", 1202);
    const say = chat("web-register-0002", auth);
    expect(lastText(await say("帮我办个码"))).toContain("场所的名称");
    expect(lastText(await say("取消"))).toContain("已取消");
    expect(lastText(await say("码贴在哪里"))).toContain("醒目");
  });

  it("lets one answer be changed from the summary", async () => {
    const auth = await api(stores.app).signInVerified("chat-edit", 1203);
    const say = chat("web-register-0003", auth);
    await say("我要申领场所码");
    await say("老街茶馆");
    await say("饭店");
    await say("1");
    await say("亭湖区解放路1号");
    expect(lastText(await say("0515-88888888"))).toContain("场所名称：老街茶馆");
    expect(lastText(await say("修改 名称"))).toContain("场所的名称");
    expect(lastText(await say("老街茶社"))).toContain("场所名称：老街茶社");
    const done = await say("确认");
    expect(done.map((r) => (r.type === "text" ? r.text : "")).join("\n")).toContain("登记成功");
    const mine = await api(stores.app).http().get("/api/venues/mine").set(auth);
    expect(mine.body.venues.map((v: { name: string }) => v.name)).toEqual(["老街茶社"]);
  });

  it("lets an elderly resident add 奶奶 by chat after signing in, list her, and scan with her", async () => {
    const { http, signIn, signInVerified } = api(stores.app);
    const beforeSignIn = chat("web-elder-0001");
    expect(lastText(await beforeSignIn("添加随行人员"))).toContain("需要先登录");
    // A question while waiting is answered, and the dialogue waits on.
    const asked = await beforeSignIn("码贴在哪里");
    expect(asked.map((r) => (r.type === "text" ? r.text : "")).join("\n")).toContain("醒目");
    const auth = await signIn("chat-elder-chen");
    const say = chat("web-elder-0001", auth);
    const resumed = lastText(await say("继续"));
    expect(resumed).toContain("真实姓名");
    await say("陈桂英");
    await say(residentId(1221));
    expect(lastText(await say(mobile(1221)))).toContain("随行人员（老人或孩子）的姓名");
    await say("陈奶奶");
    await say(residentId(1222));
    expect(lastText(await say("奶奶"))).toContain("关系：奶奶");
    expect(lastText(await say("确认"))).toContain("已添加随行人员：陈**（奶奶）");
    expect(lastText(await say("我的随行人员"))).toContain("1. 陈**（奶奶）");

    const owner = await signInVerified("chat-elder-shop", 1223);
    const shop = (await http().post("/api/venues").set(owner).send(barberShop())).body;
    const [grandma] = (await http().get("/api/me/companions").set(auth)).body.companions;
    const scan = await http()
      .post("/api/scans")
      .set(auth)
      .send({ code: shop.code, companionIds: [grandma.id] });
    expect(scan.status).toBe(201);
    expect(scan.body.passes.map((p: { relation: string; status: string }) => [p.relation, p.status])).toEqual([
      ["本人", "green"],
      ["奶奶", "green"],
    ]);
  });

  it("hands unknown questions to a person, listed for officials only", async () => {
    const say = chat("web-unknown-0001");
    expect(lastText(await say("公积金怎么提取"))).toContain("转人工");
    expect(lastText(await say("转人工"))).toContain("工作人员");
    const { officialAuth } = await import("../../test/support/api.js");
    const health = await officialAuth(stores.deps.services, "health");
    const tickets = await api(stores.app).http().get("/api/tickets").set(health);
    expect(tickets.body.tickets.map((t: { question: string }) => t.question)).toContain("公积金怎么提取");
    const resident = await api(stores.app).signIn("ticket-peeker");
    expect((await api(stores.app).http().get("/api/tickets").set(resident)).status).toBe(403);
    expect((await api(stores.app).http().get("/api/tickets")).status).toBe(401);
  });

  it("hands over what was asked: the question answered just before 转人工, or the one sent with it", async () => {
    const { officialAuth } = await import("../../test/support/api.js");
    const health = await officialAuth(stores.deps.services, "health");
    const questions = async () =>
      ((await api(stores.app).http().get("/api/tickets").set(health)).body.tickets as { question: string }[]).map(
        (t) => t.question,
      );
    // The answer itself says only staff can change the name: 转人工 must carry the request with it.
    const owner = chat("web-ticket-after-answer");
    await owner("我店名字写错了 想改成老王土菜馆 咋改");
    expect(lastText(await owner("转人工"))).toContain("工作人员");
    expect(await questions()).toContain("我店名字写错了 想改成老王土菜馆 咋改");
    const residentIdForTicket = residentId(1291);
    const inOne = chat("web-ticket-in-one");
    expect(lastText(await inOne("转人工 我店地址写错了 应该是建军路18号"))).toContain("工作人员");
    const withId = chat("web-ticket-with-id");
    expect(lastText(await withId(`我要转人工，身份证${residentIdForTicket}填错了`))).toContain("工作人员");
    const now = await questions();
    expect(now).toContain("我店地址写错了 应该是建军路18号");
    const masked = now.find((q) => q.includes("填错了"));
    expect(masked).toBeDefined();
    expect(masked).not.toContain(residentIdForTicket);
    // A phone number written with the question is masked as well, in the ticket and in what is stored.
    const withPhone = chat("web-ticket-with-phone");
    await withPhone(`我的身份证是${residentId(1292)}，手机13912345671，帮我查一下`);
    // Nor does the conversation kept in Redis until 转人工 show it (it is sealed, and the question masked).
    expect(await everythingInRedis()).not.toContain("13912345671");
    expect(lastText(await withPhone("转人工"))).toContain("工作人员");
    const phoned = (await questions()).find((q) => q.includes("帮我查一下"));
    expect(phoned).toContain("139****5671");
    expect(phoned).not.toContain("13912345671");
    // However they are written: in groups, with dashes, with +86, run together.
    const id = residentId(1293);
    const grouped = [
      `身份证 ${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)} 电话 137-1234-5678 +8613712345678 帮我查一下`,
      `号码${id.slice(0, 6)}-${id.slice(6, 14)}-${id.slice(14)} 手机137 1234 5678 帮我查一下`,
      `身份证${id}13712345678 帮我查一下`,
    ];
    for (const [i, text] of grouped.entries()) {
      const say = chat(`web-ticket-grouped-${i}`);
      await say(text);
      expect(lastText(await say("转人工"))).toContain("工作人员");
    }
    const asked = (await questions()).filter((q) => q.includes("137") || q.includes(id.slice(0, 3)));
    expect(asked.length).toBeGreaterThanOrEqual(3);
    for (const question of asked) {
      const digits = question.replace(/[^0-9Xx*]/g, "");
      expect(digits, question).not.toContain("13712345678");
      expect(digits, question).not.toContain(id.slice(0, 17));
      expect(digits, question).not.toContain(id.slice(6, 14));
    }
    const stored = await stores.deps.mongo.db?.collection("tickets").find({}).toArray();
    expect(JSON.stringify(stored)).not.toContain("13912345671");
    expect(JSON.stringify(stored)).not.toContain("1234-5678");
  });

  it("passes an official's answer to a ticket on to the person the next time they write, once", async () => {
    const say = chat("web-answered-0001");
    await say("医保卡怎么补办");
    expect(lastText(await say("转人工"))).toContain("工作人员");
    const { officialAuth } = await import("../../test/support/api.js");
    const health = await officialAuth(stores.deps.services, "health");
    const { http } = api(stores.app);
    const open = (await http().get("/api/tickets").set(health)).body.tickets;
    const ticket = open.find((t: { question: string }) => t.question === "医保卡怎么补办");
    expect(ticket).toMatchObject({ status: "open", reply: null, replyDelivered: false });
    const answer = "请携带身份证到社保服务大厅办理，电话 12345。";
    const replied = await http().post(`/api/tickets/${ticket.id}/reply`).set(health).send({ text: answer });
    expect(replied.status).toBe(200);
    expect(replied.body).toMatchObject({ status: "closed", reply: { text: answer }, replyDelivered: false });
    expect((await http().post(`/api/tickets/${ticket.id}/reply`).set(health).send({ text: answer })).status).toBe(409);
    expect((await http().post(`/api/tickets/${ticket.id}/reply`).set(health).send({ text: "" })).status).toBe(400);
    expect(
      (await http().post("/api/tickets/0123456789abcdef01234567/reply").set(health).send({ text: answer })).status,
    ).toBe(404);

    const next = await say("你好");
    expect(next.map((r) => (r.type === "text" ? r.text : "")).join("\n")).toContain(
      `【人工回复】您之前问：“医保卡怎么补办”\n${answer}`,
    );
    const later = await say("你好");
    expect(later.map((r) => (r.type === "text" ? r.text : "")).join("\n")).not.toContain("人工回复");
    const closed = (await http().get("/api/tickets?status=closed").set(health)).body.tickets;
    expect(closed.find((t: { id: string }) => t.id === ticket.id)).toMatchObject({ replyDelivered: true });
    // Another contact never receives it.
    const stranger = chat("web-answered-0002");
    expect((await stranger("你好")).map((r) => (r.type === "text" ? r.text : "")).join("")).not.toContain("人工回复");
  });

  it("validates the chat request itself", async () => {
    const res = await api(stores.app).http().post("/api/chat").send({ sessionId: "x", text: "" });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["sessionId", "text"]);
  });
});

const allText = (replies: ChatReply[]) => replies.map((r) => (r.type === "text" ? r.text : "")).join("\n");
const fullWidth = (digits: string) => digits.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe("dialogues that let people go and come back (issue 19)", () => {
  it("answers a question that contains a command word, and starts the dialogue only when asked to", async () => {
    const say = chat("web-escape-0001");
    expect(lastText(await say("添加随行人员"))).toContain("需要先登录");
    // Waiting for a sign-in traps nobody either: questions, 转人工 and 取消 work.
    expect(lastText(await say("转人工"))).toContain("工作人员");
    expect(lastText(await say("取消"))).toContain("已取消添加随行人员");
    const fee = allText(await say("我想问下办个码要钱吗"));
    expect(fee).toContain("免费");
    expect(fee).not.toContain("需要先登录");
    const companionId = allText(await say("添加随行人员要她身份证吗"));
    expect(companionId).toContain("身份证");
    expect(companionId).not.toContain("需要先登录");
    expect(allText(await say("我要申领"))).toContain("需要先登录");
  });

  it("asks one short question with numbered choices when unsure between two topics, and answers the one chosen", async () => {
    const say = chat("web-escape-0007");
    const asked = lastText(await say("办这个码的步骤和收费"));
    expect(asked).toContain("您是想问哪一个？\n1. 怎么申领\n2. 申领场所码要不要钱");
    expect(lastText(await say("２"))).toContain("完全免费");
    // The choice is offered once: the next message is read afresh.
    expect(lastText(await say("2"))).toContain("这个问题我还不会回答");
  });

  it("answers a question at any step and asks the step again; 菜单 shows where you are; 等会再弄 pauses and 继续 resumes", async () => {
    const auth = await api(stores.app).signIn("chat-escape-pause");
    const say = chat("web-escape-0002", auth);
    expect(lastText(await say("我要申领场所码"))).toContain("真实姓名");
    expect(lastText(await say("孙立新"))).toContain("身份证号");
    const why = await say("为什么要填身份证，安全吗");
    expect(allText(why)).toContain("加密");
    expect(lastText(why)).toContain("请输入您的18位身份证号");
    expect(allText(why)).not.toContain("身份证号不对");
    const where = lastText(await say("菜单"));
    expect(where).toContain("您正在申领场所码（第 2 步");
    expect(where).toContain("等会再弄");
    expect(where).toContain("转人工");
    expect(lastText(await say("等会再弄"))).toContain("回复“继续”");
    // While it waits, questions are answered and nothing is taken as an answer.
    expect(allText(await say("码贴在哪里"))).toContain("醒目");
    const resumed = allText(await say("继续"));
    expect(resumed).toContain("接着申领场所码");
    expect(resumed).toContain("身份证号");
    expect(lastText(await say("先不弄了"))).toContain("先放一放");
    expect(lastText(await say("继续"))).toContain("身份证号");
    // Another dialogue's command is not taken as an answer.
    const other = allText(await say("添加随行人员"));
    expect(other).toContain("您正在申领场所码，还没办完");
    expect(lastText(await say("添加随行人员"))).toContain("请输入您的18位身份证号");
  });

  it("offers help and 转人工 after three invalid answers, hands over inside the dialogue, and resumes", async () => {
    const auth = await api(stores.app).signIn("chat-escape-human");
    const say = chat("web-escape-0003", auth);
    await say("我要申领场所码");
    await say("钱多多");
    expect(allText(await say("123"))).not.toContain("转人工");
    expect(allText(await say("456"))).not.toContain("转人工");
    const third = allText(await say("789"));
    expect(third).toContain("身份证号不对");
    expect(third).toContain("转人工");
    const handed = lastText(await say("转人工"));
    expect(handed).toContain("工作人员");
    expect(handed).toContain("回复“继续”");
    const { officialAuth } = await import("../../test/support/api.js");
    const health = await officialAuth(stores.deps.services, "health");
    const tickets = await api(stores.app).http().get("/api/tickets").set(health);
    expect(tickets.body.tickets.map((t: { question: string }) => t.question)).toContain("（申领场所码时要求转人工）");
    expect(lastText(await say("继续"))).toContain("身份证号");
    expect(lastText(await say("取消"))).toContain("已取消");
  });

  it("takes full-width digits, spaces in numbers, district names and short forms, confirms the real name, and shows a short category menu", async () => {
    const auth = await api(stores.app).signIn("chat-escape-forms");
    const say = chat("web-escape-0004", auth);
    await say("我要申领场所码");
    await say("周海燕");
    expect(lastText(await say(fullWidth(residentId(1401))))).toContain("手机号");
    const phone = mobile(1401);
    const verified = allText(await say(`${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`));
    expect(verified).toContain("实名认证通过：周**");
    expect(verified).toContain("场所的名称");
    const categories = lastText(await say("海燕快递驿站"));
    expect(categories.split("\n").length).toBeLessThanOrEqual(11);
    expect(categories).toContain("9. 其他");
    const all = lastText(await say("其他"));
    expect(all).toContain("24. 出租车");
    expect(lastText(await say("18"))).toContain("哪个区县");
    expect(lastText(await say("亭湖"))).toContain("详细地址");
    expect(lastText(await say("上一步"))).toContain("哪个区县");
    expect(lastText(await say("经开区"))).toContain("详细地址");
    expect(lastText(await say("上一步"))).toContain("哪个区县");
    expect(lastText(await say("盐南"))).toContain("详细地址");
    await say("盐南高新区新都路6号");
    const summary = lastText(await say(`0515 - 8888 ${fullWidth("6666")}`));
    expect(summary).toContain("类别：快递末端网点");
    expect(summary).toContain("所在区域：盐南高新区");
    expect(summary).toContain("联系电话：0515-88886666");
    expect(summary).toContain("修改 场所名称");
    expect(summary).not.toContain("身份证号");
    expect(allText(await say("确认"))).toContain("登记成功");
  });

  it("checks an identity number where it is typed, and keeps the answers given so far", async () => {
    const { signIn, signInVerified } = api(stores.app);
    await signInVerified("chat-escape-holder", 1411);
    const say = chat("web-escape-0005", await signIn("chat-escape-taker"));
    await say("我要申领场所码");
    await say("吴建国");
    const taken = lastText(await say(residentId(1411)));
    expect(taken).toContain("已经在另一个账号上实名认证过了");
    expect(lastText(await say(residentId(1412)))).toContain("手机号");
    expect(allText(await say(mobile(1412)))).toContain("实名认证通过");
  });

  it("adds a companion named in everyday words, checks the number at its step, and offers only this dialogue's fields", async () => {
    const auth = await api(stores.app).signInVerified("chat-escape-family", 1421);
    const say = chat("web-escape-0006", auth);
    expect(lastText(await say("添加随行人员"))).toContain("姓名");
    await say("郑小军");
    expect(lastText(await say(residentId(1421)))).toContain("这是您自己的身份证号");
    const id = residentId(1422);
    expect(lastText(await say(`${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`))).toContain("什么人");
    const summary = lastText(await say("他是我儿子"));
    expect(summary).toContain("关系：子女");
    expect(summary).toContain("修改 随行人员姓名");
    expect(summary).not.toContain("修改 名称");
    expect(lastText(await say("修改 名称"))).toContain("可以修改的有：随行人员姓名、随行人员身份证号、关系");
    expect(lastText(await say("修改 关系"))).toContain("什么人");
    expect(lastText(await say("老伴"))).toContain("关系：配偶");
    expect(lastText(await say("确认"))).toContain("已添加随行人员：郑**（配偶）");
    await say("添加随行人员");
    await say("郑小军");
    expect(lastText(await say(residentId(1422)))).toContain("已经是您的随行人员了");
  });
});

describe("an owner's own figures by chat (issue 19)", () => {
  it("tells a signed-in owner how many scanned at their venues today and this week, and others how to see theirs", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("chat-counts-owner", 1431);
    const shop = (await http().post("/api/venues").set(owner).send(barberShop())).body;
    for (const n of [1432, 1433, 1434]) {
      const visitor = await signInVerified(`chat-counts-visitor-${n}`, n);
      expect((await http().post("/api/scans").set(visitor).send({ code: shop.code })).status).toBe(201);
    }
    // A venue elsewhere, scanned too, is not this owner's.
    const other = await signInVerified("chat-counts-other", 1435);
    const elsewhere = (await http().post("/api/venues").set(other).send(barberShop())).body;
    await http().post("/api/scans").set(owner).send({ code: elsewhere.code });

    // The mini-program reads the same figures.
    const mine = await http().get("/api/me/venue-scans").set(owner);
    expect(mine.body).toEqual({ venues: [{ venueId: shop.id, name: shop.name, today: 3, thisWeek: 3 }] });
    expect((await http().get("/api/me/venue-scans")).status).toBe(401);

    const say = chat("web-counts-0001", owner);
    const counts = lastText(await say("这个礼拜有多少人在我店里扫过码，在哪看？"));
    expect(counts).toContain(`${shop.name}：今天 3 人次，本周（周一起）3 人次`);
    expect(counts.split("\n").filter((line) => line.includes("人次"))).toHaveLength(1);

    const resident = chat("web-counts-0002", await signInVerified("chat-counts-resident", 1436));
    const noVenue = lastText(await resident("我店里今天有多少人扫码"));
    expect(noVenue).toContain("还没有自己申领的场所");
    // Signed in already: not told to sign in.
    expect(noVenue).not.toContain("登录后");
    expect(lastText(await chat("web-counts-0003")("我店里今天有多少人扫码"))).toContain("登录后");
  });
});

/** Every value in Redis as text, read by its type (a dump may be compressed). */
async function everythingInRedis(): Promise<string> {
  const redis = stores.deps.redis;
  const keys = await redis.keys("*");
  const values = await Promise.all(
    keys.map(async (key) => {
      const type = await redis.type(key);
      if (type === "string") return redis.get(key);
      if (type === "hash") return redis.hgetall(key);
      if (type === "list") return redis.lrange(key, 0, -1);
      if (type === "set") return redis.smembers(key);
      if (type === "zset") return redis.zrange(key, "0", "-1");
      if (type === "stream") return redis.xrange(key, "-", "+");
      return null;
    }),
  );
  return JSON.stringify(values);
}

import { describe, expect, it } from "vitest";
import { FanoutWorker } from "../../src/exposures/fanout.js";
import { api, barberShop, flagLastTwoHours, officialAuth } from "../support/api.js";
import { mobile, residentId } from "../support/people.js";
import { fanoutOptions, useTestStores } from "../support/stores.js";
import { timePasses, until } from "../support/time.js";
import { installDom, installWx, renderPage, useServedApp } from "./wx.js";

const document = installDom();

const stores = useTestStores();
const server = useServedApp(stores, "mp-owner", 4101);
const open = (page: string) => renderPage(document, page);

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
    await scan.instance.onLoad({ q: encodeURIComponent(`${server.url}/s/${server.shop.code}`) });
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
    // Nobody has seen the resident leave: the end is an estimate, and reads as one.
    expect(text(visits, ".until")).toMatch(/^ · 预计 \d{2}:\d{2} 离开（未签退）$/);
    await visits.instance.checkOut({ currentTarget: { dataset: { id: visits.data.visits[0].id } } });
    expect(visits.data.visits[0]).toMatchObject({ endedBy: "checkout", open: false });
    expect(text(visits, ".until")).toMatch(/^ · \d{2}:\d{2} 签退离开$/);
  });

  it("warns on a forged code instead of offering to check in", async () => {
    installWx(server.url, "mp-resident");
    const scan = open("scan");
    const forged = `${server.shop.code.slice(0, -1)}${server.shop.code.endsWith("A") ? "B" : "A"}`;
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

  it("shows the server's field message beside the field it names: a taxi's plate number", async () => {
    await api(stores.app).signInVerified("mp-taxi-owner", 4106);
    installWx(server.url, "mp-taxi-owner");
    const page = open("venue-register");
    await page.instance.onLoad();
    const taxi = page.data.categories.findIndex((c: { name: string }) => c.name === "出租车");
    page.instance.pickCategory({ detail: { value: String(taxi) } });
    page.instance.pickRegion({ detail: { value: "0" } });
    expect(page.querySelector("#address")).toBeUndefined();
    page.instance.setData({ "form.name": "苏J出租", "form.plateNumber": "ABC", "form.contactPhone": mobile(4105) });
    await page.instance.submit();
    expect(page.data.created).toBeNull();
    const plateField = page
      .querySelectorAll(".field")
      .map((field: { dom: { textContent: string } }) => field.dom.textContent)
      .find((words: string) => words.startsWith("车牌号"));
    expect(plateField).toContain("车牌号：请填写车牌号，如苏J12345");
    expect(text(page, ".error")).toBe("车牌号：请填写车牌号，如苏J12345。");
    page.instance.setData({ "form.plateNumber": "苏J 12345" });
    await page.instance.submit();
    expect(page.data.created).toMatchObject({ name: "苏J出租" });
  });

  it("shows a verified identity as final, and lets the true holder of a number verified elsewhere claim it", async () => {
    const { http, signInVerified } = api(stores.app);
    const squatter = await signInVerified("mp-squatter", 4201, "王小明");
    installWx(server.url, "mp-true-holder");
    const identity = open("identity");
    await identity.instance.onLoad();
    identity.instance.setData({ form: { name: "王小明", idNumber: residentId(4201), phone: mobile(4201), note: "" } });
    await identity.instance.submit();
    expect(text(identity, ".error")).toContain("已在其他账号完成实名认证");
    expect(text(identity, ".claim")).toContain("提交申诉");
    identity.instance.setData({ "form.note": "这是我本人的身份证，不知道谁先用了" });
    await identity.instance.claim();
    expect(text(identity, ".claimed")).toContain("申诉已提交");

    const admin = await officialAuth(stores.deps.services, "admin");
    const claims = await http().get("/api/identity-claims").set(admin);
    expect(claims.body.claims).toHaveLength(1);
    const granted = await http()
      .post(`/api/identity-claims/${claims.body.claims[0].id}/resolve`)
      .set(admin)
      .send({ decision: "grant", reason: "本人持身份证到社区核实" });
    expect(granted.body.status).toBe("granted");

    const again = open("identity");
    await again.instance.onLoad();
    expect(text(again, ".verified")).toContain("王**");
    expect(text(again, ".verified")).toContain("不能自行修改");
    expect(again.querySelector(".submit")).toBeUndefined();
    expect((await http().get("/api/me").set(squatter)).body.realNameVerified).toBe(false);
  });

  it("confirms a web chat's sign-in and accepts a staff invitation, each from a scanned link", async () => {
    const { http, signInVerified } = api(stores.app);
    const link = (await http().post("/api/chat/sign-in-links").send({ sessionId: "mp-web-chat-01" })).body;
    installWx(server.url, "mp-linker");
    await signInVerified("mp-linker", 4211, "孙丽");
    const signIn = open("link");
    signIn.instance.onLoad({ q: encodeURIComponent(link.url) });
    expect(text(signIn, ".card")).toContain("确认登录");
    await signIn.instance.confirm();
    expect(text(signIn, ".outcome")).toContain("网页上的聊天会自动登录");
    const collected = await http().post(`/api/chat/sign-in-links/${link.token}/collect`).send({ secret: link.secret });
    expect(collected.body.user.identity.name).toBe("孙*");

    const owner = await signInVerified("mp-inviting-owner", 4212);
    const venue = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "孙记面馆" })
    ).body;
    const invite = (await http().post(`/api/venues/${venue.id}/staff-invites`).set(owner)).body;
    const accept = open("link");
    accept.instance.onLoad({ q: encodeURIComponent(invite.url) });
    expect(text(accept, ".card")).toContain("工作人员邀请");
    await accept.instance.confirm();
    expect(text(accept, ".outcome")).toContain("孙记面馆");
    const staff = (await http().get(`/api/venues/${venue.id}/staff`).set(owner)).body.staff;
    expect(staff.map((p: { name: string; role: string }) => [p.name, p.role])).toContainEqual(["孙*", "staff"]);
    const used = open("link");
    used.instance.onLoad({ q: encodeURIComponent(invite.url) });
    await used.instance.confirm();
    expect(text(used, ".error")).toContain("邀请码无效");
  });

  it("waits for a person with their own account to agree before they can be checked in as a companion", async () => {
    const { http, signInVerified } = api(stores.app);
    await signInVerified("mp-holder", 4221, "周大伯");
    const adder = await signInVerified("mp-adder", 4222, "周小红");
    installWx(server.url, "mp-adder");
    const mine = open("companions");
    await mine.instance.onLoad();
    mine.instance.setData({ form: { name: "周大伯", idNumber: residentId(4221), relation: "父亲" } });
    await mine.instance.add();
    expect(text(mine, ".companion")).toContain("等本人同意");
    const companionId = mine.data.companions[0].id;
    const refused = await http()
      .post("/api/scans")
      .set(adder)
      .send({ code: server.shop.code, companionIds: [companionId] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.userMessage).toContain("需要本人");

    installWx(server.url, "mp-holder");
    const theirs = open("companions");
    await theirs.instance.onLoad();
    expect(text(theirs, ".request")).toContain("周** 想把您添加为随行人员（父亲）");
    await theirs.instance.answer({
      currentTarget: { dataset: { id: theirs.data.requests[0].id, decision: "accept" } },
    });
    expect(text(theirs, ".request")).toContain("您已同意");
    expect(text(theirs, ".request")).toContain("撤回同意");
    const allowed = await http()
      .post("/api/scans")
      .set(adder)
      .send({ code: server.shop.code, companionIds: [companionId] });
    expect(allowed.status).toBe(201);
    expect(allowed.body.passes[1]).toMatchObject({ relation: "父亲", reasons: [], healthCode: null });
  });

  it("shows door staff each entry's colour as the API sends it: a green visitor is 绿, a red one 红", async () => {
    const { http, signInVerified } = api(stores.app);
    await signInVerified("mp-door-owner", 4301);
    installWx(server.url, "mp-door-owner");
    const owner = await api(stores.app).signIn("mp-door-owner");
    const door = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "门口测试店" })
    ).body;
    const green = await signInVerified("mp-door-green", 4302);
    await http().post("/api/scans").set(green).send({ code: door.code });
    const red = await signInVerified("mp-door-red", 4303);
    const admin = await officialAuth(stores.deps.services, "admin");
    await http()
      .put("/api/health-codes")
      .set(admin)
      .send({ idNumber: residentId(4303), color: "red", reason: "测试" });
    await http().post("/api/scans").set(red).send({ code: door.code });

    const page = open("staff");
    await page.instance.onLoad();
    const rows = page
      .querySelectorAll(".entry-row")
      .map((row: { dom: { textContent: string } }) => row.dom.textContent);
    expect(rows).toEqual([expect.stringContaining("红"), expect.stringContaining("绿")]);
    // A visitor without a phone, entered at the door, shows the colour only.
    page.instance.setData({ form: { name: "钱奶奶", idNumber: residentId(4304), phone: "" } });
    await page.instance.enter();
    expect(page.data.entered).toMatchObject({ status: "green", reasons: [], healthCode: null });
    expect(text(page, ".entry-row")).toContain("钱**");
    page.detach();
  });

  it("titles an alert about a companion with the companion's name, lets the resident acknowledge it, and shows an official's clearance", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("mp-alert-owner", 4311);
    const market = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "提醒测试菜场" })
    ).body;
    const resident = await signInVerified("mp-alerted", 4312, "冯秀英");
    const grandma = await http()
      .post("/api/me/companions")
      .set(resident)
      .send({ name: "冯奶奶", idNumber: residentId(4313), relation: "奶奶" });
    await http()
      .post("/api/scans")
      .set(resident)
      .send({ code: market.code, companionIds: [grandma.body.id] });
    await timePasses(60);
    const worker = new FanoutWorker({ ...fanoutOptions(stores), claimIdleMs: 500 });
    await worker.start();
    const health = await officialAuth(stores.deps.services, "health");
    let event: Awaited<ReturnType<typeof flagLastTwoHours>>;
    try {
      event = await flagLastTwoHours(stores.app, health, market.code);
      await until(async () => (await http().get(`/api/exposures/${event.body.id}`).set(health)).body.status === "done");
    } finally {
      await worker.stop();
    }
    installWx(server.url, "mp-alerted");
    const page = open("alerts");
    await page.instance.onLoad();
    const titles = () =>
      page.querySelectorAll(".alert .title").map((t: { dom: { textContent: string } }) => t.dom.textContent);
    expect(titles().sort()).toEqual(["关于您本人", "关于随行人员 冯**（奶奶）"]);
    expect(page.querySelectorAll(".acknowledge")).toHaveLength(2);
    await page.instance.acknowledge({ currentTarget: { dataset: { id: page.data.notifications[0].id } } });
    expect(page.querySelectorAll(".acknowledge")).toHaveLength(1);
    expect(text(page, ".acknowledged")).toBe("已知晓");

    // The grandmother tested negative: an official clears her alert. The inbox says so, and why.
    const cleared = await http()
      .post(`/api/exposures/${event.body.id}/clear`)
      .set(health)
      .send({ idNumber: residentId(4313), reason: "核酸检测结果为阴性" });
    expect(cleared.body).toEqual({ cleared: 1 });
    await page.instance.load();
    expect(titles()).toContain("解除：关于随行人员 冯**（奶奶）");
    const cards = page.querySelectorAll(".alert").map((card: { dom: { textContent: string } }) => card.dom.textContent);
    const notice = cards.find((card: string) => card.includes("解除："));
    expect(notice).toContain("核酸检测结果为阴性");
    const grandmasAlert = cards.find((card: string) => card.includes("冯**（奶奶）") && !card.includes("解除："));
    expect(grandmasAlert).toContain("不再影响通行状态");
    const ownAlert = cards.find((card: string) => card.includes("关于您本人"));
    expect(ownAlert).not.toContain("不再影响通行状态");
  });

  it("opens from the home page's scanner: a venue code to check in, an invitation to the link page", async () => {
    const wx = installWx(server.url, "mp-home");
    const home = open("home");
    expect(text(home, ".scan")).toContain("扫一扫");
    wx.camera.result = `${server.url}/s/${server.shop.code}`;
    home.instance.scan();
    expect(wx.navigations.at(-1)).toBe(`/pages/scan/index?code=${server.shop.code}`);
    wx.camera.result = `${server.url}/i/ABCDEFGHJK`;
    home.instance.scan();
    expect(wx.navigations.at(-1)).toBe(`/pages/link/index?q=${encodeURIComponent(wx.camera.result)}`);
    wx.camera.result = "https://example.com/not-ours";
    home.instance.scan();
    expect(text(home, ".error")).toContain("这不是场所码");
  });

  it("gives a bind code for the bot, and lists an owner's venues with their staff and an invitation", async () => {
    installWx(server.url, "mp-binder");
    const bind = open("bind");
    await bind.instance.issue();
    expect(text(bind, ".bind-code")).toMatch(/^\d{6}$/);

    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("mp-venues-owner", 4321, "褚老板");
    const teahouse = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "褚记茶馆" })
    ).body;
    const guest = await signInVerified("mp-venues-guest", 4322);
    expect((await http().post("/api/scans").set(guest).send({ code: teahouse.code })).status).toBe(201);
    installWx(server.url, "mp-venues-owner");
    const venues = open("venues");
    await venues.instance.onLoad();
    expect(text(venues, ".venue .title")).toBe("褚记茶馆");
    expect(text(venues, ".venue .scans")).toBe("扫码登记：今天 1 人次，本周 1 人次");
    const venueId = venues.data.venues[0].id;
    await venues.instance.invite({ currentTarget: { dataset: { id: venueId } } });
    expect(text(venues, ".invitation")).toMatch(/邀请码 [A-HJ-NP-Z2-9]{10}/);
    expect(venues.querySelector(".invite-qr")).toBeDefined();
    expect(venues.data.invite.qr).toMatch(/^data:image\/png;base64,/);
    await venues.instance.showStaff({ currentTarget: { dataset: { id: venueId } } });
    expect(text(venues, ".staff-member")).toContain("褚**（负责人）");
  });
});

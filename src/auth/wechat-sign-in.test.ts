import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../../test/support/api.js";
import { useTestStores } from "../../test/support/stores.js";

/** A local stand-in for WeChat's jscode2session: code "good-N" belongs to openid "openid-N". */
let wechat: Server;
const requests: URL[] = [];
beforeAll(async () => {
  wechat = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push(url);
    const code = url.searchParams.get("js_code") ?? "";
    res.setHeader("Content-Type", "application/json");
    res.end(
      JSON.stringify(
        code.startsWith("good-")
          ? { openid: `openid-${code.slice(5)}`, session_key: "k" }
          : { errcode: 40029, errmsg: "invalid code" },
      ),
    );
  });
  await new Promise<void>((resolve) => wechat.listen(0, "127.0.0.1", resolve));
});
afterAll(() => new Promise<void>((resolve) => wechat.close(() => resolve())));

const stores = useTestStores(() => ({
  WECHAT_APPID: "wx0123456789abcdef",
  WECHAT_SECRET: "0123456789abcdef0123456789abcdef",
  WECHAT_API_BASE: `http://127.0.0.1:${(wechat.address() as AddressInfo).port}`,
}));

describe("sign-in through WeChat", () => {
  it("exchanges the login code for an openid and keys the user by it", async () => {
    const { http } = api(stores.app);
    const first = await http().post("/api/auth/wechat").send({ code: "good-1" });
    const again = await http().post("/api/auth/wechat").send({ code: "good-1" });
    expect(first.status).toBe(200);
    expect(again.body.user.id).toBe(first.body.user.id);
    const last = requests.at(-1);
    expect(last?.pathname).toBe("/sns/jscode2session");
    expect(last?.searchParams.get("appid")).toBe("wx0123456789abcdef");
    expect(last?.searchParams.get("grant_type")).toBe("authorization_code");
  });

  it("answers a code WeChat rejects with 401, and does not accept development codes", async () => {
    const { http } = api(stores.app);
    expect((await http().post("/api/auth/wechat").send({ code: "expired" })).status).toBe(401);
    expect((await http().post("/api/auth/wechat").send({ code: "dev:someone" })).status).toBe(401);
  });
});

import { describe, expect, it } from "vitest";
import { api } from "../../test/support/api.js";
import { lastText, webChat } from "../../test/support/chat.js";
import { residentId } from "../../test/support/people.js";
import { useTestStores } from "../../test/support/stores.js";

// A file of its own: the test sends about forty messages, and one address may send 120 a minute.
const stores = useTestStores();
const chat = webChat(() => stores.app);

describe("what the outside walk found in the dialogues (issue 19)", () => {
  it("takes every word its category menu shows, and a yes in everyday words", async () => {
    /** A signed-in owner at the category question of a new venue, and the menu they see. */
    const atCategory = async (n: number) => {
      const say = chat(`web-menu-words-${n}`, await api(stores.app).signInVerified(`menu-words-${n}`, n));
      await say("我要申领场所码");
      return { say, menu: lastText(await say("老街奶茶铺")) };
    };
    const first = await atCategory(1295);
    expect(first.menu).toContain("哪一类场所");
    // The words in brackets beside each line: 饭店、小吃、奶茶 …
    const words = [...first.menu.matchAll(/（([^）]+)）/g)]
      .flatMap((m) => (m[1] ?? "").split("、"))
      .filter((w) => !w.includes("看全部"));
    expect(words.length).toBeGreaterThanOrEqual(10);
    // Two owners share the words: a conversation may send 30 messages a minute.
    const second = await atCategory(1296);
    const refused: string[] = [];
    for (const [i, word] of words.entries()) {
      const say = i % 2 === 0 ? first.say : second.say;
      const reply = lastText(await say(word));
      if (!reply.includes("哪个区县")) refused.push(`${word}: ${reply.slice(0, 40)}`);
      else expect(lastText(await say("上一步"))).toContain("哪一类场所");
    }
    expect(refused).toEqual([]);
    const { say } = first;
    expect(lastText(await say("奶茶"))).toContain("哪个区县");
    expect(lastText(await say("亭湖"))).toContain("详细地址");
    expect(lastText(await say("亭湖区建军中路88号"))).toContain("联系电话");
    expect(lastText(await say("0515 8888 6666"))).toContain("确认");
    const done = await say("嗯嗯 对的");
    expect(done.some((r) => r.type === "image")).toBe(true);
  });

  it("says that a companion with an account of their own must agree before being checked in", async () => {
    const { signInVerified } = api(stores.app);
    await signInVerified("walk-own-account", 1297);
    const say = chat("web-walk-companion", await signInVerified("walk-family", 1298));
    await say("添加随行人员");
    await say("王小美");
    await say(residentId(1297));
    expect(lastText(await say("女儿"))).toContain("关系：子女");
    const added = lastText(await say("确认"));
    expect(added).toContain("已添加随行人员");
    expect(added).toContain("本人");
    expect(added).toContain("同意");
    expect(added).not.toContain("以后扫码时勾选他（她），就能一起登记");
  });
});

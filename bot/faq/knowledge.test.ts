import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "./knowledge.js";

const miniprogram = join(import.meta.dirname, "../../miniprogram");

/** Every text a person can read on the mini-program's pages: their markup and their titles. */
function miniprogramText(): string {
  const files = readdirSync(miniprogram, { recursive: true, encoding: "utf8" }).filter(
    (f) => f.endsWith(".wxml") || (f.startsWith("pages") && f.endsWith(".json")),
  );
  return files.map((f) => readFileSync(join(miniprogram, f), "utf8")).join("\n");
}

describe("the bot's answers", () => {
  it("are checked against question sets (and learnt from training sets) that name only answering topics of the knowledge file (or unknown)", () => {
    // Decoys (out-of-scope-…) are never an answer: a question for one is marked unknown.
    const answering = loadKnowledge().topics.filter((t) => !t.id.startsWith("out-of-scope-"));
    const topics = new Set(["unknown", ...answering.map((t) => t.id)]);
    const sets = [
      ...readdirSync(join(import.meta.dirname, "../../test/bot"))
        .filter((f) => f.endsWith(".json"))
        .map((f) => join("../../test/bot", f)),
      "../knowledge/faq-training-a.json",
      "../knowledge/faq-training-b.json",
    ];
    expect(sets).toContain("../../test/bot/faq-eval.json");
    const strays: string[] = [];
    for (const set of sets) {
      const { questions } = JSON.parse(readFileSync(join(import.meta.dirname, set), "utf8")) as {
        questions: { q: string; topic: string; also?: string[] }[];
      };
      for (const { q, topic, also } of questions) {
        for (const id of [topic, ...(also ?? [])]) if (!topics.has(id)) strays.push(`${set}: ${id} (${q})`);
      }
    }
    expect(strays).toEqual([]);
  });

  it("send people only to buttons and pages the mini-program has (no 重新生成 or 修改信息 that do not exist)", () => {
    const shown = miniprogramText();
    const named: string[] = [];
    for (const topic of loadKnowledge().topics) {
      // 点“…”, 小程序“…”, 在“…” and “…”页 name a button or a page (“场所码” is the mini-program itself).
      for (const [, button, page] of topic.answer.matchAll(/(?:点|小程序|在)“([^”]+)”|“([^”]+)”页/g)) {
        const name = button ?? page;
        if (name && name !== "场所码") named.push(name);
      }
    }
    expect(named).toContain("我的场所");
    expect(named).toContain("保存海报到相册");
    expect(named.filter((name) => !shown.includes(name))).toEqual([]);
  });

  it("tell an owner who lost the poster or whose details changed what really works: the poster saved again, or 转人工", () => {
    const answers = new Map(loadKnowledge().topics.map((t) => [t.id, t.answer]));
    expect(answers.get("lost-or-damaged-code")).toContain("保存海报到相册");
    expect(answers.get("lost-or-damaged-code")).toContain("转人工");
    expect(answers.get("modify-venue-info")).toContain("转人工");
    for (const answer of answers.values()) expect(answer).not.toMatch(/重新生成|修改信息/);
  });
});

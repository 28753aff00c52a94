import { createRequire } from "node:module";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { installDom } from "./wx.js";

const require = createRequire(import.meta.url);
const document = installDom();
const simulate = require("miniprogram-simulate");
const CARD = resolve("miniprogram/components/pass-card/index");

const pass = (status: string) => ({
  visitId: "v1",
  status,
  personName: "李**",
  relation: "本人",
  venueName: "王记理发店",
  scannedAt: new Date().toISOString(),
  reasons: status === "green" ? [] : [{ code: "alert", message: "14天内有风险时空交集提醒" }],
});

const rendered: { detach(): void }[] = [];
afterEach(() => {
  for (const component of rendered.splice(0)) component.detach();
});

function renderCard(properties: Record<string, unknown>) {
  const card = simulate.render(simulate.load(CARD), properties);
  card.attach(document.createElement("parent-wrapper"));
  rendered.push(card);
  return card;
}

describe("the pass card in the mini-program", () => {
  for (const [status, label] of <[string, string][]>[
    ["green", "绿色 · 可以通行"],
    ["yellow", "黄色 · 请配合核验"],
    ["red", "红色 · 暂停进入"],
  ]) {
    it(`shows the ${status} band with its words, the masked name and the venue`, () => {
      const card = renderCard({ pass: pass(status) });
      const root = card.querySelector(".pass");
      expect(root.dom.getAttribute("data-status")).toBe(status);
      expect(root.dom.className).toContain(`pass--${status}`);
      expect(card.querySelector(".status").dom.textContent).toBe(label);
      expect(card.querySelector(".name").dom.textContent).toBe("李**");
      expect(card.querySelector(".venue").dom.textContent).toContain("王记理发店");
      expect(card.querySelectorAll(".reason")).toHaveLength(status === "green" ? 0 : 1);
    });
  }

  it("keeps its clock running and its mark turning, so a screenshot gives itself away", async () => {
    const card = renderCard({ pass: pass("green") });
    const clock = card.querySelector(".clock").dom.textContent;
    const turn = card.data.turn;
    expect(clock).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    await simulate.sleep(1100);
    expect(card.querySelector(".clock").dom.textContent).not.toBe(clock);
    expect(card.data.turn).not.toBe(turn);
  });

  it("uses the large type when asked", () => {
    const card = renderCard({ pass: pass("green"), large: true });
    expect(card.querySelector(".pass").dom.className).toContain("pass--large");
  });
});

import { describe, expect, it } from "vitest";
import { evaluate, loadQuestions } from "../eval.js";
import { createFaqMatcher, loadTraining } from "./knowledge.js";

const matcher = createFaqMatcher({ retentionDays: 28 });

/** Each question gets one of its acceptable topics (the question is named in a failure). */
function expectTopics(cases: [string, string[]][]): void {
  for (const [question, acceptable] of cases) {
    expect({ question, topic: matcher.match(question).topic }).toEqual({
      question,
      topic: expect.toSatisfy((t: string) => acceptable.includes(t)),
    });
  }
}

describe("answering venue owners' questions", () => {
  it("picks an acceptable topic for at least 97% of the evaluation's in-scope questions and 'unknown' for at least 95% of the rest, in under 20 ms each", () => {
    const questions = loadQuestions("eval");
    expect(questions.length).toBeGreaterThanOrEqual(574);
    const result = evaluate(questions);
    // The classifier never learns from this set, but the keywords and the thresholds were tuned on it (it includes the
    // two first held-out sets, spent): 433/443 = 97.7% and 129/131 = 98.5% with the classifier (439/443 and 131/131
    // with the lexical ranking alone, which had been tuned on these very questions).
    expect(result.inScope.right / result.inScope.total).toBeGreaterThanOrEqual(0.97);
    expect(result.outOfScope.declined / result.outOfScope.total).toBeGreaterThanOrEqual(0.95);
    expect(result.medianMs).toBeLessThan(20);
  });

  it("answers questions written by someone it never learnt from: trained on one writer's training set, it gets at least 86% of the other's in-scope questions and declines at least 90% of the rest", () => {
    // The honest estimate of unseen questions: training set a and b were written separately. Measured
    // on 2026-12-01: a → b 514/575 = 89.4% and 76/80 = 95.0%; b → a 513/575 = 89.2% and 79/80 = 98.8%
    // (the lexical ranking alone, before the classifier: 72.7% / 90.0% on b and 67.3% / 90.0% on a).
    for (const [train, test] of [
      ["a", "training-b"],
      ["b", "training-a"],
    ] as const) {
      const result = evaluate(loadQuestions(test), createFaqMatcher({ retentionDays: 28 }, loadTraining([train])));
      expect({ test, inScope: result.inScope.right / result.inScope.total }).toEqual({
        test,
        inScope: expect.toSatisfy((x: number) => x >= 0.86),
      });
      expect({ test, outOfScope: result.outOfScope.declined / result.outOfScope.total }).toEqual({
        test,
        outOfScope: expect.toSatisfy((x: number) => x >= 0.9),
      });
    }
  });

  /** A spent held-out set keeps what it measured minus 2 points, as a regression floor. */
  function expectFloor(set: string, size: number, inScope: number, outOfScope: number): void {
    const questions = loadQuestions(set);
    expect(questions.length).toBe(size);
    const result = evaluate(questions);
    expect(result.inScope.right / result.inScope.total).toBeGreaterThanOrEqual(inScope - 0.02);
    expect(result.outOfScope.declined / result.outOfScope.total).toBeGreaterThanOrEqual(outOfScope - 0.02);
  }

  it("stays within 2 points of what the third blind held-out set measured once (a regression floor, not a measure of unseen questions)", () => {
    // Measured once at 10:35 UTC on 2026-12-01, with no change to the matcher or the knowledge after it was read:
    // 104/115 = 90.4% in scope and 36/40 = 90.0% out of scope → unknown (111/115 and 38/40 with the classifier).
    expectFloor("heldout-3", 155, 0.904, 0.9);
  });

  it("stays within 2 points of what the fourth held-out set measured after it served as the validation set (spent)", () => {
    // Blind, measured once on main before the classifier: 177/230 = 77.0% and 65/70 = 92.9%. Then the validation
    // set while the classifier was tuned (its misses studied, none of its questions copied): 219/230 = 95.2% and
    // 67/70 = 95.7% at the end.
    expectFloor("heldout-4", 300, 0.952, 0.957);
  });

  it("stays within 2 points of what the fifth blind held-out set measured once (a regression floor, not a measure of unseen questions)", () => {
    // Sealed until measured once at 12:29:46 UTC on 2026-12-01 on the classifier ensemble, with no change after it
    // was read: 177/184 = 96.2% in scope and 57/60 = 95.0% out of scope → unknown.
    expectFloor("heldout-5", 244, 0.962, 0.95);
  });

  it("answers each question issue 19 quotes as answered wrongly", () => {
    const quoted: [string, string[]][] = [
      ["这个码办一下要不要交钱的？", ["free-of-charge"]],
      ["我家开的是小饭馆，就几张桌子，也非得弄这个码啊？", ["small-venue", "who-must-register"]],
      ["老年人没带手机来买东西，怎么给他登记？", ["no-phone-entry"]],
      ["这个礼拜有多少人在我店里扫过码，在哪看？", ["owner-scan-counts"]],
      ["快递网点算不算重点场所", ["who-must-register"]],
      ["申请场所码要填哪些信息", ["form-fields"]],
      ["申码需要实名认证吗", ["form-fields"]],
      ["扫码会不会被拿去做别的用途", ["privacy-safety"]],
      ["打卡记录会保存多久", ["record-retention"]],
      ["我想问下办个码要钱吗", ["free-of-charge"]],
      ["添加随行人员要她身份证吗", ["add-companion"]],
    ];
    expectTopics(quoted);
  });

  it("answers what the first held-out set got wrong, through dictionary words, sums of money and venue words rather than its sentences", () => {
    const missed: [string, string[]][] = [
      ["听说办码要交两百块是真的假的", ["free-of-charge", "penalty"]],
      ["我就开个小卖部一天来不了几个人也要弄吗", ["small-venue", "who-must-register"]],
      ["申领的时候要填些什么东西", ["form-fields"]],
      // Who asks is not said: a parent (随行) or the mall's staff (无手机入场), as the training sets' writers read it.
      ["小孩没手机进商场要怎么弄", ["add-companion", "no-phone-entry"]],
      ["码贴外面被雨打湿了看不清了", ["lost-or-damaged-code"]],
      ["快递寄到北京要几天", ["unknown"]],
    ];
    expectTopics(missed);
  });

  it("declines other services' QR codes and registrations, though they say 码, 扫, 登记 or 店", () => {
    expectTopics(
      [
        "收款码怎么申请",
        "地铁怎么扫码进站",
        "奶茶店扫码点单怎么弄",
        "扫二维码加微信好友",
        "快递柜扫码取件取不出来",
        "扫码领红包是真的吗",
        "充电桩扫码充电怎么收费",
        "共享单车扫码开不了锁",
        "扫码付款付不了",
        "电动车上牌要去哪里",
        "开个小吃店要办什么许可证",
        "违章罚款怎么交",
      ].map((q) => [q, ["unknown"]]),
    );
    // …while this domain's own fee, with the same words, is answered.
    expectTopics([
      ["办码要不要付款", ["free-of-charge"]],
      ["剧本杀店要不要贴码", ["who-must-register", "small-venue"]],
    ]);
  });

  it("answers what the fresh held-out set got wrong, through general words rather than its sentences", () => {
    expectTopics([
      ["随性人员怎么加", ["add-companion"]],
      ["麻将馆和棋牌室算不算", ["who-must-register"]],
      ["我爸没手机 我带他出门能一起扫吗", ["add-companion"]],
      ["厂里有三个大门 码怎么贴", ["multiple-entrances"]],
      ["搬店了要重新申请码吗", ["modify-venue-info"]],
      ["小本买卖也非要弄这个吗", ["small-venue", "who-must-register"]],
      ["这个是不是骗人的", ["privacy-safety"]],
      ["我没得智能手机 自己开的店要贴码怎么弄", ["no-smartphone"]],
    ]);
    // One venue category alone is not this domain; a list of them asks which venues must register.
    expectTopics([
      ["推荐个理发店", ["unknown"]],
      ["出租车多少钱起步", ["unknown"]],
    ]);
  });

  it("reads any sum of money as money, but not 一块扫 (together)", () => {
    expect(matcher.match("有人要我交50元办码").topic).toBe("free-of-charge");
    expect(matcher.match("办码收三百块钱对不对").topic).toBe("free-of-charge");
    expect(matcher.match("能帮爷爷奶奶一块扫吗").topic).toBe("add-companion");
  });

  it("survives synonyms, dialect-flavoured wording and typos", () => {
    expect(["who-must-register", "small-venue"]).toContain(matcher.match("门面小也得搞二维码不").topic);
    expect(matcher.match("爷爷奶奶木有手机咋整").topic).toBe("no-smartphone");
    expect(matcher.match("场所吗贴在哪").topic).toBe("where-to-post");
    expect(matcher.match("要下载撒软件").topic).toBe("what-app");
    expect(matcher.match("铺子里办码收费不").topic).toBe("free-of-charge");
  });

  it("reads dialect words for 没有, old people, children, 怎么办, 什么 and 知道 through the synonym table", () => {
    expectTopics([
      ["我屋里老太婆么得智能手机咋个办", ["no-smartphone"]],
      ["带小伢子去超市 伢冇得手机咋搞", ["add-companion"]],
      ["不晓得申领要填么子", ["form-fields"]],
    ]);
  });

  it("declines questions about the QR codes of other things (goods, cars), though they say 码", () => {
    expectTopics([
      ["买的酒瓶上有个防伪码怎么查", ["unknown"]],
      ["小区门口让挂挪车码 去哪弄", ["unknown"]],
    ]);
  });

  it("states the configured retention period", () => {
    expect(createFaqMatcher({ retentionDays: 14 }).match("扫码记录保存几天").answer).toContain("14天");
  });

  it("declines questions about other services, and answers nothing for an empty or meaningless message", () => {
    expect(matcher.match("").topic).toBe("unknown");
    expect(matcher.match("？？？").topic).toBe("unknown");
    expect(matcher.match("社保卡怎么补办").topic).toBe("unknown");
  });
});

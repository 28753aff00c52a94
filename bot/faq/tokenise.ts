import { createRequire } from "node:module";
import { Jieba } from "@node-rs/jieba";

/**
 * Chinese text as search terms: words from jieba (a dictionary segmenter: Intl.Segmenter splits
 * 码办 / 交钱的 by guesswork; jieba ships its dictionary and runs offline) with this domain's words
 * added, each mapped to its canonical synonym (码/二维码 → 场所码, 铺子/门面 → 店 ...), plus
 * character bigrams of the canonical text, which survive typos and odd word breaks.
 */
const require = createRequire(import.meta.url);
let shared: Jieba | undefined;

/** One segmenter for the process: its dictionary takes ~150 ms to load. */
function jieba(): Jieba {
  if (!shared) {
    const { dict } = require("@node-rs/jieba/dict") as { dict: Uint8Array };
    shared = Jieba.withDict(dict);
  }
  return shared;
}

/** Words so common in questions that they say nothing about the topic. */
const STOP_WORDS = new Set(
  (
    "的 了 吗 呢 啊 呀 吧 嘛 哦 哈 呗 么 哇 咯 啦 嘞 我 你 您 他 她 它 我们 你们 他们 咱 咱们 俺 是 在 有 和 就 都 也 还 又 很 " +
    "这 那 这个 那个 一个 个 请问 想 问 问下 一下 下 能 可以 会 得 着 给 让 被 把 跟 对 从 到 里 上 要 想问 " +
    "那么 这么 然后 就是 其实 现在 今天 一点 我家 家 自己 人家 老板 师傅 同志 你好 您好 谢谢 麻烦 " +
    "不要 要不 要不要 需要 需不需要 是不是 能不能 可不可以 会不会 行不行 用不用 还要 也要 还是 一定 必须 不"
  ).split(" "),
);

/** Characters that make up question forms rather than content. */
const FUNCTION_CHARACTERS = new Set([..."要不吗的了是我你他她这那个么会能可以还也都就在有一下啥呢吧啊得着给把被"]);

/**
 * A sum of money ("两百块", "50元", "五十块钱") says money, whatever the figure: it is read as 钱.
 * A lone 一块 is left alone (一块扫 is "scan together").
 */
const SUM_OF_MONEY =
  /(?:[0-9]+|[一二三四五六七八九十百千万两几]{2,})(?:块钱?|元)|[二三四五六七八九十两几]块钱?|一块钱/g;

export type SynonymTable = Record<string, string[]>;

export class Tokeniser {
  private readonly canonical = new Map<string, string>();

  /** `domainWords` join the segmenter's dictionary, so 场所码, 随行人员, 无手机入场 stay whole. */
  constructor(synonyms: SynonymTable, domainWords: string[] = []) {
    const words = new Set(domainWords);
    for (const [word, variants] of Object.entries(synonyms)) {
      words.add(word);
      for (const variant of variants) {
        this.canonical.set(variant.toLowerCase(), word);
        words.add(variant);
      }
    }
    const entries = [...words]
      .map((w) => Tokeniser.normalise(w))
      .filter((w) => w.length >= 2)
      .map((w) => `${w} 100000`);
    if (entries.length > 0) jieba().loadDict(Buffer.from(entries.join("\n")));
  }

  /** Lower-case, full-width folded, punctuation and spaces removed. */
  static normalise(text: string): string {
    return text
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[\p{P}\p{S}\s]+/gu, "");
  }

  /** The words as written, before synonyms are applied. */
  segments(text: string): string[] {
    const normal = Tokeniser.normalise(text).replace(SUM_OF_MONEY, "钱");
    // Dictionary words only: jieba's guesses for unknown runs glue 办码 or 码贴 into one word.
    return normal ? jieba().cut(normal, false) : [];
  }

  words(text: string): string[] {
    return this.segments(text).map((segment) => this.canonical.get(segment) ?? segment);
  }

  terms(text: string): string[] {
    const words = this.words(text);
    const canonicalText = words.join("");
    const terms = words.filter((w) => !STOP_WORDS.has(w)).map((w) => `w:${w}`);
    const characters = [...canonicalText];
    for (let i = 0; i + 1 < characters.length; i++) {
      const [a, b] = [characters[i] as string, characters[i + 1] as string];
      // Pairs of little words (要不, 是不, 了吗) would tie every question to every other.
      if (!(FUNCTION_CHARACTERS.has(a) && FUNCTION_CHARACTERS.has(b))) terms.push(`g:${a}${b}`);
    }
    return terms;
  }
}

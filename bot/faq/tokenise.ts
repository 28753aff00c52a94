/**
 * Chinese text as search terms: words from Intl.Segmenter, each mapped to its canonical synonym
 * (码/二维码 → 场所码, 铺子/门面 → 店 ...), plus character bigrams of the canonical text, which
 * survive typos and odd word breaks that whole words would not.
 */
const segmenter = new Intl.Segmenter("zh-Hans", { granularity: "word" });

/** Words so common in questions that they say nothing about the topic. */
const STOP_WORDS = new Set([
  "的",
  "了",
  "吗",
  "呢",
  "啊",
  "呀",
  "吧",
  "嘛",
  "哦",
  "哈",
  "呗",
  "我",
  "你",
  "您",
  "他",
  "她",
  "我们",
  "你们",
  "是",
  "在",
  "有",
  "和",
  "就",
  "都",
  "也",
  "还",
  "又",
  "很",
  "这",
  "那",
  "这个",
  "那个",
  "一个",
  "个",
  "请问",
  "想",
  "问",
  "一下",
  "能",
  "能不能",
  "可以",
  "会",
  "要",
  "得",
  "着",
  "给",
  "让",
  "被",
  "把",
  "跟",
  "对",
  "从",
  "到",
  "里",
  "上",
  "下",
]);

export type SynonymTable = Record<string, string[]>;

export class Tokeniser {
  private readonly canonical = new Map<string, string>();

  constructor(synonyms: SynonymTable) {
    for (const [word, variants] of Object.entries(synonyms)) {
      for (const variant of variants) this.canonical.set(variant.toLowerCase(), word);
    }
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
    return [...segmenter.segment(Tokeniser.normalise(text))].map(({ segment }) => segment);
  }

  words(text: string): string[] {
    return this.segments(text).map((segment) => this.canonical.get(segment) ?? segment);
  }

  terms(text: string): string[] {
    const words = this.words(text);
    const canonicalText = words.join("");
    const terms = words.filter((w) => !STOP_WORDS.has(w)).map((w) => `w:${w}`);
    const characters = [...canonicalText];
    for (let i = 0; i + 1 < characters.length; i++) terms.push(`g:${characters[i]}${characters[i + 1]}`);
    return terms;
  }
}

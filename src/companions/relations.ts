/** How a companion is related to the resident who checks them in (添加随行人员). */
export const COMPANION_RELATIONS = [
  "父亲",
  "母亲",
  "爷爷",
  "奶奶",
  "外公",
  "外婆",
  "配偶",
  "子女",
  "孙辈",
  "亲属",
  "朋友",
  "其他",
] as const;
export type CompanionRelation = (typeof COMPANION_RELATIONS)[number];

/** The relation of a person checked in for themselves, as visits, passes and alerts show it. */
export const SELF_RELATION = "本人";

/**
 * Everyday words for each relation, as people say them in a chat (儿子 → 子女, 老伴 → 配偶).
 * The one list the bot and any other free-text input map relations with.
 */
export const RELATION_WORDS: Record<CompanionRelation, string[]> = {
  父亲: ["爸爸", "爸", "老爸", "父亲", "爹", "老爹", "阿爸", "公公", "岳父", "老丈人"],
  母亲: ["妈妈", "妈", "老妈", "母亲", "娘", "老娘", "阿妈", "婆婆", "岳母", "丈母娘"],
  爷爷: ["爷爷", "祖父", "阿爷"],
  奶奶: ["奶奶", "祖母", "阿奶"],
  外公: ["外公", "姥爷", "外祖父"],
  外婆: ["外婆", "姥姥", "外祖母", "家婆"],
  配偶: ["老伴", "老伴儿", "老婆", "老公", "爱人", "妻子", "丈夫", "媳妇", "对象", "先生", "太太"],
  子女: ["儿子", "女儿", "孩子", "小孩", "闺女", "丫头", "娃", "宝宝", "儿童", "孩"],
  孙辈: ["孙子", "孙女", "外孙", "外孙女", "孙儿"],
  亲属: [
    "亲戚",
    "亲属",
    "兄弟",
    "姐妹",
    "哥哥",
    "姐姐",
    "弟弟",
    "妹妹",
    "叔叔",
    "阿姨",
    "舅舅",
    "姑姑",
    "侄子",
    "外甥",
  ],
  朋友: ["朋友", "邻居", "同事", "同学"],
  其他: ["其他", "其它", "保姆", "护工"],
};

/** The relation an everyday word names, or undefined (the longest word found in the answer wins). */
export function relationIn(answer: string): CompanionRelation | undefined {
  let best: { relation: CompanionRelation; length: number } | undefined;
  for (const relation of COMPANION_RELATIONS) {
    for (const word of [relation, ...RELATION_WORDS[relation]]) {
      if (answer.includes(word) && (!best || word.length > best.length)) best = { relation, length: word.length };
    }
  }
  return best?.relation;
}

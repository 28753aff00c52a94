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

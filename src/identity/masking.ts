/**
 * Masked forms of personal data, for every response that does not need them whole:
 * `张*`, `欧阳**`, `320***********123X`, `138****5678`.
 */
const COMPOUND_SURNAMES = [
  "欧阳",
  "司马",
  "上官",
  "诸葛",
  "东方",
  "皇甫",
  "尉迟",
  "公孙",
  "慕容",
  "令狐",
  "长孙",
  "宇文",
  "司徒",
  "夏侯",
  "轩辕",
  "端木",
  "独孤",
  "南宫",
  "西门",
  "百里",
  "呼延",
  "东郭",
  "澹台",
  "公冶",
  "太史",
  "申屠",
  "钟离",
  "闻人",
  "万俟",
  "濮阳",
  "赫连",
  "拓跋",
  "第五",
  "闾丘",
  "单于",
];

export function maskName(name: string): string {
  const characters = [...name.trim()];
  if (characters.length <= 1) return "*";
  const surname = COMPOUND_SURNAMES.some((s) => name.startsWith(s)) && characters.length > 2 ? 2 : 1;
  return characters.slice(0, surname).join("") + "*".repeat(characters.length - surname);
}

export function maskIdNumber(id: string): string {
  return `${id.slice(0, 3)}${"*".repeat(Math.max(0, id.length - 7))}${id.slice(-4)}`;
}

export function maskPhone(phone: string): string {
  if (phone.length < 7) return "*".repeat(phone.length);
  return `${phone.slice(0, 3)}${"*".repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** An identity number written inside free text (a reason, a note, a question). */
const ID_NUMBER_IN_TEXT = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])/g;

/** Free text must not carry identity numbers: they would be stored and shown in clear. */
export function containsIdNumber(text: string): boolean {
  return new RegExp(ID_NUMBER_IN_TEXT.source).test(text);
}

export const NO_ID_NUMBER_MESSAGE = "must not contain an identity number (it would be kept in clear)";

/** A mainland mobile number written inside free text. */
const MOBILE_IN_TEXT = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/g;

/**
 * The text with any identity or mobile number in it masked, for text that is kept (a question
 * handed to a person, a conversation's state).
 */
export function maskPersonalNumbersIn(text: string): string {
  return text.replace(ID_NUMBER_IN_TEXT, (id) => maskIdNumber(id)).replace(MOBILE_IN_TEXT, (phone) => maskPhone(phone));
}

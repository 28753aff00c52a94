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

/**
 * A run of digits in free text (a reason, a note, a question), as people write numbers: split by
 * spaces, dashes, dots or brackets, in full-width digits, an identity number's X at any place.
 */
const DIGIT_RUN = /[0-9０-９](?:[\s\-–—.．()（）]*[0-9０-９XxＸｘ])+/g;

/** The run's digits alone, in ASCII. */
function digitsOf(run: string): string {
  return run
    .replace(/[０-９Ｘｘ]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[^0-9Xx]/g, "")
    .toUpperCase();
}

/** An identity number's length, alone or run together with another number. */
const looksLikeIdNumber = (digits: string) => digits.length >= 15;
/** A mainland mobile number somewhere in it (with +86 or run into other digits too). */
const holdsMobile = (digits: string) => /1[3-9][0-9]{9}/.test(digits);

/** Free text must not carry identity numbers: they would be stored and shown in clear. */
export function containsIdNumber(text: string): boolean {
  return [...text.matchAll(DIGIT_RUN)].some(([run]) => looksLikeIdNumber(digitsOf(run)));
}

export const NO_ID_NUMBER_MESSAGE = "must not contain an identity number (it would be kept in clear)";

/**
 * The text with any identity or mobile number in it masked, however it is written, for text that
 * is kept (a question handed to a person, a conversation's state, a logged path). Other numbers
 * (a date, a house number, a landline) stay as written.
 */
export function maskPersonalNumbersIn(text: string): string {
  return text.replace(DIGIT_RUN, (run) => {
    const digits = digitsOf(run);
    return looksLikeIdNumber(digits) || holdsMobile(digits) ? maskIdNumber(digits) : run;
  });
}

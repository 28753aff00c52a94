/**
 * The 18-character resident identity number (GB 11643-1999): a six-digit region code, the date of
 * birth as YYYYMMDD, a three-digit sequence, and a check character (ISO 7064 MOD 11-2, `X` for 10).
 */

/** Province-level prefixes of GB/T 2260 in use on resident identity numbers. */
const PROVINCE_PREFIXES = new Set([
  "11",
  "12",
  "13",
  "14",
  "15",
  "21",
  "22",
  "23",
  "31",
  "32",
  "33",
  "34",
  "35",
  "36",
  "37",
  "41",
  "42",
  "43",
  "44",
  "45",
  "46",
  "50",
  "51",
  "52",
  "53",
  "54",
  "61",
  "62",
  "63",
  "64",
  "65",
  "71",
  "81",
  "82",
  "83",
]);
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = "10X98765432";

/** The check character the first seventeen digits call for. */
export function checkCharacter(first17: string): string {
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(first17[i]), 0);
  return CHECK_CHARACTERS[sum % 11] as string;
}

export type ResidentIdProblem = "format" | "region" | "birth-date" | "check-character";

/** Why `value` is not a valid resident identity number, or null when it is. */
export function residentIdProblem(value: string, today = new Date()): ResidentIdProblem | null {
  const id = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return "format";
  if (!PROVINCE_PREFIXES.has(id.slice(0, 2))) return "region";
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const realDate = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!realDate || year < 1900 || birth.getTime() > today.getTime()) return "birth-date";
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return "check-character";
  return null;
}

export const RESIDENT_ID_MESSAGES: Record<ResidentIdProblem, string> = {
  format: "expected 18 characters: 17 digits and a final digit or X",
  region: "the first two digits are not a province code",
  "birth-date": "characters 7 to 14 are not a real date of birth",
  "check-character": "the last character does not match the check character; check the number for a typo",
};

/** Whether the holder of a valid identity number is 18 or older on `today` (China's age of majority). */
export function isAdultOn(id: string, today = new Date()): boolean {
  const year = Number(id.slice(6, 10));
  const monthDay = id.slice(10, 14);
  const todayMonthDay = `${String(today.getUTCMonth() + 1).padStart(2, "0")}${String(today.getUTCDate()).padStart(2, "0")}`;
  const age = today.getUTCFullYear() - year - (todayMonthDay < monthDay ? 1 : 0);
  return age >= 18;
}

/** Canonical form: upper-case X, no spaces. */
export function normaliseResidentId(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}

/** Mainland mobile numbers: 11 digits starting 13 to 19. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

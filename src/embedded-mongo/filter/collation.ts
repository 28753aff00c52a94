import type { Document } from "bson";
import type { Collator } from "../bson/compare.js";
import { toDouble } from "../bson/numbers.js";
import { isNumeric } from "../bson/types.js";
import { MongoCommandError } from "../errors.js";
import { isPlainObject } from "../values.js";

const SENSITIVITY: Record<number, Intl.CollatorOptions["sensitivity"]> = { 1: "base", 2: "accent", 3: "variant" };

/**
 * The string comparison a MongoDB collation asks for, through ICU as Node ships it (the library
 * mongod uses too): locale, strength, caseLevel, caseFirst, numericOrdering and alternate.
 * Undefined for no collation or the "simple" one (binary comparison).
 */
export function collatorFor(collation: unknown): Collator {
  if (collation === undefined || collation === null) return undefined;
  if (!isPlainObject(collation)) throw new MongoCommandError("TypeMismatch", "collation must be an object");
  const { locale } = collation as Document;
  if (typeof locale !== "string") throw new MongoCommandError("BadValue", 'Missing expected field "locale"');
  if (locale === "simple") return undefined;
  const tag = locale.replace(/_/g, "-");
  if (Intl.Collator.supportedLocalesOf([tag]).length === 0 && tag !== "root") {
    throw new MongoCommandError("BadValue", `Field 'locale' is invalid in: ${JSON.stringify(collation)}`);
  }
  const strength = isNumeric(collation.strength) ? toDouble(collation.strength) : 3;
  if (![1, 2, 3, 4, 5].includes(strength)) throw new MongoCommandError("BadValue", "collation strength must be 1 to 5");
  const caseFirst = collation.caseFirst;
  return new Intl.Collator(tag === "root" ? "und" : tag, {
    usage: "sort",
    sensitivity: strength === 1 && collation.caseLevel === true ? "case" : (SENSITIVITY[strength] ?? "variant"),
    numeric: collation.numericOrdering === true,
    ignorePunctuation: collation.alternate === "shifted",
    ...(caseFirst === "upper" || caseFirst === "lower" ? { caseFirst } : {}),
  });
}

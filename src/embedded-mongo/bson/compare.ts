import type { Binary, Document, ObjectId, Timestamp } from "bson";
import { compareNumbers, numericKey } from "./numbers.js";
import { bsonType, canonicalRank } from "./types.js";

/** String comparison under a collation; absent for MongoDB's "simple" binary comparison. */
export type Collator = Intl.Collator | undefined;

/**
 * MongoDB's BSON comparison order: by type rank first (see canonicalRank), then within the type;
 * numbers by exact value across int, long, double and decimal; strings by their UTF-8 bytes, or
 * by `collator`; documents and arrays element by element (type, then field name, then value).
 */
export function compareValues(a: unknown, b: unknown, collator?: Collator): number {
  const rankA = canonicalRank(a);
  const rankB = canonicalRank(b);
  if (rankA !== rankB) return rankA - rankB;
  switch (rankA) {
    case 3:
      return compareNumbers(a, b);
    case 4: {
      const x = String(a);
      const y = String(b);
      return collator ? Math.sign(collator.compare(x, y)) : compareUtf8(x, y);
    }
    case 5:
      return compareDocuments(a as Document, b as Document, collator);
    case 6:
      return compareArrays(a as unknown[], b as unknown[], collator);
    case 7:
      return compareBinary(a as Binary, b as Binary);
    case 8:
      return compareBytes((a as ObjectId).id, (b as ObjectId).id);
    case 9:
      return Number(a) - Number(b);
    case 10:
      return Math.sign((a as Date).getTime() - (b as Date).getTime());
    case 11:
      return compareTimestamps(a as Timestamp, b as Timestamp);
    case 12: {
      const [sourceA, flagsA] = regexParts(a);
      const [sourceB, flagsB] = regexParts(b);
      return compareUtf8(sourceA, sourceB) || compareUtf8(flagsA, flagsB);
    }
    case 14:
    case 15:
      return compareUtf8(String((a as { code: string }).code), String((b as { code: string }).code));
    default:
      return 0;
  }
}

export function valuesEqual(a: unknown, b: unknown, collator?: Collator): boolean {
  if (a === b) return a !== undefined || b !== undefined;
  return canonicalRank(a) === canonicalRank(b) && compareValues(a, b, collator) === 0;
}

/** JS strings compare by UTF-16 units; MongoDB by UTF-8 bytes, which differ above the surrogates. */
function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (astral characters) come after every other BMP character in UTF-8.
      const surrogateX = x < 0xe000;
      const surrogateY = y < 0xe000;
      if (surrogateX !== surrogateY) return surrogateX ? 1 : -1;
    }
    return x - y;
  }
  return a.length - b.length;
}

function compareDocuments(a: Document, b: Document, collator: Collator): number {
  const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
  const length = Math.min(keysA.length, keysB.length);
  for (let i = 0; i < length; i++) {
    const keyA = keysA[i] as string;
    const keyB = keysB[i] as string;
    const byType = canonicalRank(a[keyA]) - canonicalRank(b[keyB]);
    if (byType !== 0) return byType;
    const byName = compareUtf8(keyA, keyB);
    if (byName !== 0) return byName;
    const byValue = compareValues(a[keyA], b[keyB], collator);
    if (byValue !== 0) return byValue;
  }
  return keysA.length - keysB.length;
}

function compareArrays(a: unknown[], b: unknown[], collator: Collator): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const byType = canonicalRank(a[i]) - canonicalRank(b[i]);
    if (byType !== 0) return byType;
    const byValue = compareValues(a[i], b[i], collator);
    if (byValue !== 0) return byValue;
  }
  return a.length - b.length;
}

function compareBinary(a: Binary, b: Binary): number {
  return a.position - b.position || a.sub_type - b.sub_type || compareBytes(a.buffer, b.buffer);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

function compareTimestamps(a: Timestamp, b: Timestamp): number {
  return Math.sign(a.t - b.t) || Math.sign(a.i - b.i);
}

function regexParts(value: unknown): [string, string] {
  if (value instanceof RegExp) return [value.source, value.flags];
  const { pattern, options } = value as { pattern: string; options: string };
  return [pattern, options];
}

/**
 * A string equal for two values exactly when MongoDB's equality treats them as equal (1, 1.0,
 * Long(1) and Decimal128("1.0") alike; field order of embedded documents significant). Used as
 * the key of the _id map, of index entries and of groups.
 */
export function valueKey(value: unknown): string {
  switch (typeof value) {
    case "number":
      return Number.isSafeInteger(value) ? `n${value === 0 ? 0 : value}` : numericKey(value);
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "T" : "F";
    case "undefined":
      return "N";
  }
  if (value === null) return "N";
  if (Array.isArray(value)) return `[${value.map(valueKey).join(",")}]`;
  if (value instanceof Date) return `d${value.getTime()}`;
  const type = bsonType(value);
  switch (type) {
    case "object":
      return `{${Object.entries(value as Document)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${JSON.stringify(k)}:${valueKey(v)}`)
        .join(",")}}`;
    case "double":
    case "int":
    case "long":
    case "decimal":
      return numericKey(value);
    case "objectId":
      return `o${(value as ObjectId).toHexString()}`;
    case "symbol":
      return JSON.stringify(String(value));
    case "regex": {
      const [source, flags] = regexParts(value);
      return `r/${source}/${flags}`;
    }
    case "binData": {
      const binary = value as Binary;
      return `b${binary.sub_type}:${Buffer.from(binary.buffer.subarray(0, binary.position)).toString("base64")}`;
    }
    case "timestamp":
      return `t${(value as Timestamp).toString()}`;
    default:
      return `${type}:${String((value as { code?: string }).code ?? "")}`;
  }
}

/**
 * Keys that are equal for values equal in BSON and, for strings, under a collation: the first
 * string seen of each collation-equal set stands for the others. Strings are bucketed by a
 * folding coarser than any collation strength, then compared by the collator.
 */
export class EqualityKeys {
  private readonly seen = new Map<string, unknown[]>();

  constructor(private readonly collator?: Collator) {}

  keyOf(value: unknown): string {
    if (!this.collator || canonicalRank(value) !== 4) return valueKey(value);
    const folded = `s:${String(value).normalize("NFKD").replace(/\p{M}/gu, "").toUpperCase()}`;
    const bucket = this.seen.get(folded) ?? [];
    this.seen.set(folded, bucket);
    const match = bucket.find((other) => compareValues(other, value, this.collator) === 0);
    if (match !== undefined) return valueKey(match);
    bucket.push(value);
    return valueKey(value);
  }
}

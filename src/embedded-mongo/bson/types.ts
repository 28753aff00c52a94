import { Double } from "bson";

/**
 * How BSON values are held in memory, so that every value keeps its exact BSON type from the wire
 * to the journal and back:
 * - int32 and doubles that bson would write back as the same type are plain JS numbers (a number
 *   is written as int32 when it is a whole number in int32's range, else as a double);
 * - doubles that would come back as int32 (1.0, 42.0) stay `Double` objects;
 * - int64 values are always `Long`, Decimal128 always `Decimal128`;
 * - every other type is what bson's deserializer gives with promoteValues off (so symbols stay
 *   `BSONSymbol`), except Int32, which becomes a number.
 */
export type BsonTypeName =
  | "double"
  | "string"
  | "object"
  | "array"
  | "binData"
  | "undefined"
  | "objectId"
  | "bool"
  | "date"
  | "null"
  | "regex"
  | "dbPointer"
  | "javascript"
  | "symbol"
  | "javascriptWithScope"
  | "int"
  | "timestamp"
  | "long"
  | "decimal"
  | "minKey"
  | "maxKey";

/** MongoDB's $type aliases by their numeric codes. */
export const TYPE_CODES: Record<number, BsonTypeName> = {
  1: "double",
  2: "string",
  3: "object",
  4: "array",
  5: "binData",
  6: "undefined",
  7: "objectId",
  8: "bool",
  9: "date",
  10: "null",
  11: "regex",
  12: "dbPointer",
  13: "javascript",
  14: "symbol",
  15: "javascriptWithScope",
  16: "int",
  17: "timestamp",
  18: "long",
  19: "decimal",
  [-1]: "minKey",
  127: "maxKey",
};

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Whether a JS number is written to BSON as an int32. */
export function isInt32Number(value: number): boolean {
  return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX && !Object.is(value, -0);
}

/** A double result in the in-memory form above: a number unless bson would write it as int32. */
export function asDouble(value: number): number | Double {
  return isInt32Number(value) ? new Double(value) : value;
}

const WRAPPER_TYPES: Record<string, BsonTypeName> = {
  Double: "double",
  Int32: "int",
  Long: "long",
  Decimal128: "decimal",
  ObjectId: "objectId",
  Binary: "binData",
  Timestamp: "timestamp",
  MinKey: "minKey",
  MaxKey: "maxKey",
  BSONSymbol: "symbol",
  BSONRegExp: "regex",
  DBRef: "object",
};

/** The BSON type of a value held as described above; undefined for a missing value. */
export function bsonType(value: unknown): BsonTypeName | undefined {
  switch (typeof value) {
    case "number":
      return isInt32Number(value) ? "int" : "double";
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "bigint":
      return "long";
    case "undefined":
      return undefined;
  }
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof Date) return "date";
  if (value instanceof RegExp) return "regex";
  const tag = (value as { _bsontype?: string })._bsontype;
  if (tag === undefined) return "object";
  if (tag === "Code") return (value as { scope?: unknown }).scope ? "javascriptWithScope" : "javascript";
  return WRAPPER_TYPES[tag] ?? "object";
}

/** Whether a value is a number of any BSON numeric type. */
export function isNumeric(value: unknown): boolean {
  if (typeof value === "number") return true;
  const tag = (value as { _bsontype?: string } | null)?._bsontype;
  return tag === "Double" || tag === "Int32" || tag === "Long" || tag === "Decimal128";
}

/**
 * The rank of a type in MongoDB's comparison order (MinKey < null < numbers < strings < objects <
 * arrays < binary < ObjectId < booleans < dates < timestamps < regexes < code < MaxKey); values of
 * different ranks compare by rank alone. A missing value ranks with null.
 */
export function canonicalRank(value: unknown): number {
  switch (bsonType(value)) {
    case "minKey":
      return 1;
    case undefined:
    case "undefined":
    case "null":
      return 2;
    case "double":
    case "int":
    case "long":
    case "decimal":
      return 3;
    case "string":
    case "symbol":
      return 4;
    case "object":
      return 5;
    case "array":
      return 6;
    case "binData":
      return 7;
    case "objectId":
      return 8;
    case "bool":
      return 9;
    case "date":
      return 10;
    case "timestamp":
      return 11;
    case "regex":
      return 12;
    case "dbPointer":
      return 13;
    case "javascript":
      return 14;
    case "javascriptWithScope":
      return 15;
    case "maxKey":
      return 16;
  }
}

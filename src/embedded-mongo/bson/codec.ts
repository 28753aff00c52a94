import { calculateObjectSize, type Document, type Double, deserialize, serialize } from "bson";
import { MongoCommandError } from "../errors.js";
import { isInt32Number } from "./types.js";

/** The largest document MongoDB stores or returns: 16 MiB. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** What a server reply or internal object may reach (MongoDB's BSONObjMaxInternalSize). */
const MAX_INTERNAL_BYTES = MAX_DOCUMENT_BYTES + 16 * 1024;

/**
 * `doc` as BSON. bson writes into a fixed 17 MiB buffer and silently cuts strings that do not fit,
 * so a result near that size is measured again, and one that was cut is refused instead of
 * written to the journal or a socket.
 */
export function encode(doc: Document): Uint8Array {
  const bytes = serialize(doc);
  if (bytes.length >= MAX_DOCUMENT_BYTES) {
    const size = calculateObjectSize(doc);
    if (size !== bytes.length || size > MAX_INTERNAL_BYTES) throw tooLarge(size);
  }
  return bytes;
}

/** MongoDB's error for an object over the size limit (10334 BSONObjectTooLarge). */
export function tooLarge(size: number): MongoCommandError {
  return new MongoCommandError(
    "BSONObjectTooLarge",
    `BSONObj size: ${size} (0x${size.toString(16).toUpperCase()}) is invalid. Size must be between 0 and ${MAX_INTERNAL_BYTES}(16MB)`,
  );
}

/** Refuses a document to insert that is over 16 MiB, as mongod does (10334). */
export function assertInsertable(doc: Document): void {
  const size = calculateObjectSize(doc);
  if (size > MAX_DOCUMENT_BYTES) {
    throw new MongoCommandError(
      "BSONObjectTooLarge",
      `object to insert too large. size in bytes: ${size}, max size: ${MAX_DOCUMENT_BYTES}`,
    );
  }
}

/** Refuses the result of an update that is over 16 MiB, as mongod does (17419). */
export function assertUpdatable(doc: Document): void {
  const size = calculateObjectSize(doc);
  if (size > MAX_DOCUMENT_BYTES) {
    throw new MongoCommandError(
      "Location17419",
      `Resulting document after update is larger than ${MAX_DOCUMENT_BYTES}`,
    );
  }
}

/**
 * A BSON document read with every value's exact type kept (see types.ts): bson reads numbers as
 * Int32 and Double objects, and those that a plain number would write back as the same type
 * become plain numbers.
 */
export function decode(bytes: Uint8Array): Document {
  return normalise(deserialize(bytes, { promoteValues: false, bsonRegExp: false })) as Document;
}

function normalise(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = normalise(value[i]);
    return value;
  }
  const tag = (value as { _bsontype?: string })._bsontype;
  if (tag === "Int32") return (value as { value: number }).value;
  if (tag === "Double") {
    const number = (value as Double).value;
    return isInt32Number(number) ? value : number;
  }
  if (tag !== undefined || value instanceof Date) return value;
  const doc = value as Document;
  for (const key of Object.keys(doc)) doc[key] = normalise(doc[key]);
  return doc;
}

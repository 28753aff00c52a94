import { calculateObjectSize, type Document, serialize } from "bson";
import { MongoCommandError } from "../errors.js";

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

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Venue codes: 9 random bytes followed by the first 6 bytes of their HMAC-SHA256 under
 * VENUE_CODE_SECRET, in base64url — 20 characters. A made-up or altered code fails the HMAC and is
 * recognised as forged without a database look-up (one chance in 2^48 to pass by luck).
 */
const RANDOM_BYTES = 9;
const TAG_BYTES = 6;
export const VENUE_CODE_PATTERN = /^[A-Za-z0-9_-]{20}$/;

function tag(secret: Buffer, random: Buffer): Buffer {
  return createHmac("sha256", secret).update(random).digest().subarray(0, TAG_BYTES);
}

export function mintVenueCode(secret: Buffer): string {
  const random = randomBytes(RANDOM_BYTES);
  return Buffer.concat([random, tag(secret, random)]).toString("base64url");
}

/** Codes found authentic, per secret: a venue's code is scanned over and over, its HMAC checked once. */
const authenticCodes = new WeakMap<Buffer, Set<string>>();
/** Authentic codes remembered at most (about 2 MB); the oldest is forgotten first. */
const AUTHENTIC_CODES_KEPT = 20_000;

export function isAuthenticVenueCode(code: string, secret: Buffer): boolean {
  let known = authenticCodes.get(secret);
  if (known?.has(code)) return true;
  if (!VENUE_CODE_PATTERN.test(code)) return false;
  const bytes = Buffer.from(code, "base64url");
  if (bytes.length !== RANDOM_BYTES + TAG_BYTES || bytes.toString("base64url") !== code) return false;
  if (!timingSafeEqual(bytes.subarray(RANDOM_BYTES), tag(secret, bytes.subarray(0, RANDOM_BYTES)))) return false;
  // Only authentic codes are kept, so made-up ones cannot fill the set.
  if (!known) {
    known = new Set();
    authenticCodes.set(secret, known);
  }
  if (known.size >= AUTHENTIC_CODES_KEPT) known.delete(known.values().next().value as string);
  known.add(code);
  return true;
}

/** The address a venue's QR code encodes. */
export function scanUrl(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl}/s/${code}`;
}

import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

/**
 * How personal data is kept: a keyed hash (HMAC-SHA256) to match the same person across records
 * without storing the number, and AES-256-GCM encryption for the officials who need it back.
 * Ciphertexts read `v1.<iv>.<tag>.<data>` (base64url) so the scheme can change later.
 */
export class PersonalDataProtector {
  constructor(
    private readonly hashKey: Buffer,
    private readonly encryptionKey: Buffer,
  ) {}

  hash(value: string): string {
    return createHmac("sha256", this.hashKey).update(value, "utf8").digest("base64url");
  }

  encrypt(value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.encryptionKey, iv);
    const data = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
    return ["v1", iv, cipher.getAuthTag(), data]
      .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
      .join(".");
  }

  /** Throws when the ciphertext was altered or made with another key. */
  decrypt(sealed: string): string {
    const [version, iv, tag, data] = sealed.split(".");
    if (version !== "v1" || !iv || !tag || data === undefined) throw new Error("not a v1 ciphertext");
    const decipher = createDecipheriv("aes-256-gcm", this.encryptionKey, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  }
}

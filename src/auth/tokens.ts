import { jwtVerify, SignJWT } from "jose";
import { UnauthenticatedError } from "../errors.js";
import { OFFICIAL_ROLES, type OfficialRole, type Principal } from "./principal.js";

const ISSUER = "venue-code";
/** Verified tokens remembered (oldest forgotten first): about 5 MB at most. */
const VERIFIED_TOKENS_KEPT = 20_000;

/** Short-lived HS256 tokens carrying a principal; sent as `Authorization: Bearer <token>`. */
export class TokenService {
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(
    private readonly secret: Buffer,
    private readonly ttlSeconds: number,
  ) {}

  async issue(principal: Principal): Promise<{ token: string; expiresAt: string }> {
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    const claims =
      principal.kind === "resident"
        ? { typ: "resident" }
        : {
            typ: "official",
            role: principal.role,
            name: principal.username,
            ...(principal.regionCode ? { region: principal.regionCode } : {}),
          };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(principal.kind === "resident" ? principal.userId : principal.officialId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.secret);
    return { token, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Checking a signature costs more than the rest of a scan's own work, and a resident sends the
   * same token for an hour: a verified token is remembered until it expires.
   */
  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known && known.expiresAtMs > Date.now()) return known.principal;
    const { principal, expiresAtMs } = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
      this.verified.delete(this.verified.keys().next().value as string);
    }
    // Frozen: every request with this token shares the one object.
    this.verified.set(token, { principal: Object.freeze(principal), expiresAtMs });
    return principal;
  }

  private async verifySignature(token: string): Promise<{ principal: Principal; expiresAtMs: number }> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.secret, { issuer: ISSUER, algorithms: ["HS256"] }));
    } catch {
      throw new UnauthenticatedError("The token is invalid or has expired; sign in again");
    }
    const subject = payload.sub;
    if (typeof subject !== "string") throw new UnauthenticatedError("The token has no subject");
    const expiresAtMs = typeof payload.exp === "number" ? payload.exp * 1000 : 0;
    if (payload.typ === "resident") {
      return { principal: { kind: "resident", userId: subject }, expiresAtMs };
    }
    if (payload.typ === "official" && OFFICIAL_ROLES.includes(payload.role as OfficialRole)) {
      const principal: Principal = {
        kind: "official",
        officialId: subject,
        username: String(payload.name ?? ""),
        role: payload.role as OfficialRole,
        ...(typeof payload.region === "string" ? { regionCode: payload.region } : {}),
      };
      return { principal, expiresAtMs };
    }
    throw new UnauthenticatedError("The token is not for this service");
  }
}

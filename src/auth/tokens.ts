import { jwtVerify, SignJWT } from "jose";
import { UnauthenticatedError } from "../errors.js";
import { OFFICIAL_ROLES, type OfficialRole, type Principal } from "./principal.js";

const ISSUER = "venue-code";

/** Short-lived HS256 tokens carrying a principal; sent as `Authorization: Bearer <token>`. */
export class TokenService {
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

  async verify(token: string): Promise<Principal> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.secret, { issuer: ISSUER, algorithms: ["HS256"] }));
    } catch {
      throw new UnauthenticatedError("The token is invalid or has expired; sign in again");
    }
    const subject = payload.sub;
    if (typeof subject !== "string") throw new UnauthenticatedError("The token has no subject");
    if (payload.typ === "resident") return { kind: "resident", userId: subject };
    if (payload.typ === "official" && OFFICIAL_ROLES.includes(payload.role as OfficialRole)) {
      return {
        kind: "official",
        officialId: subject,
        username: String(payload.name ?? ""),
        role: payload.role as OfficialRole,
        ...(typeof payload.region === "string" ? { regionCode: payload.region } : {}),
      };
    }
    throw new UnauthenticatedError("The token is not for this service");
  }
}

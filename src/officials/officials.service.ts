import type { Redis } from "ioredis";
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from "../auth/passwords.js";
import type { OfficialPrincipal, OfficialRole } from "../auth/principal.js";
import { ConflictError, RateLimitedError, UnauthenticatedError } from "../errors.js";
import { Official, type OfficialDocument } from "./official.model.js";

/** After this many failed sign-ins within the window, further attempts wait out the window. */
export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_SECONDS = 15 * 60;

export class OfficialsService {
  constructor(private readonly redis: Redis) {}

  async create(
    input: { username: string; password: string; role: OfficialRole; regionCode?: string | undefined },
    createdBy?: string,
  ) {
    try {
      const official = await Official.create({
        username: input.username,
        passwordHash: await hashPassword(input.password),
        role: input.role,
        ...(input.regionCode ? { regionCode: input.regionCode } : {}),
        ...(createdBy ? { createdBy } : {}),
      });
      return official.toObject() as OfficialDocument;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) {
        throw new ConflictError("USERNAME_TAKEN", `The username ${input.username} is taken`, "该用户名已被使用。");
      }
      throw error;
    }
  }

  /** Creates the first administrator from the environment if no official has that username. */
  async ensureAdmin(username: string, password: string): Promise<"created" | "exists"> {
    if (await Official.exists({ username })) return "exists";
    await this.create({ username, password, role: "admin" }).catch((error: unknown) => {
      if (!(error instanceof ConflictError)) throw error;
    });
    return "created";
  }

  /** Checks a password in constant time, backing off after repeated failures for that username. */
  async login(username: string, password: string): Promise<OfficialPrincipal> {
    const failuresKey = `auth:failures:${username.toLowerCase()}`;
    const failures = Number(await this.redis.get(failuresKey));
    if (failures >= MAX_FAILED_LOGINS) {
      const ttl = await this.redis.ttl(failuresKey);
      throw new RateLimitedError(
        "TOO_MANY_LOGIN_ATTEMPTS",
        "Too many failed sign-ins; wait before trying again",
        "密码错误次数过多，请稍后再试。",
        Math.max(1, ttl),
      );
    }
    const official = await Official.findOne({ username }).lean<OfficialDocument>();
    const valid = await verifyPassword(password, official?.passwordHash ?? UNKNOWN_USER_HASH);
    if (!official || !valid) {
      const count = await this.redis.incr(failuresKey);
      if (count === 1) await this.redis.expire(failuresKey, FAILED_LOGIN_WINDOW_SECONDS);
      throw new UnauthenticatedError("Wrong username or password", "用户名或密码不正确，请重新输入。");
    }
    await this.redis.del(failuresKey);
    return {
      kind: "official",
      officialId: String(official._id),
      username: official.username,
      role: official.role as OfficialRole,
      ...(official.regionCode ? { regionCode: official.regionCode } : {}),
    };
  }
}

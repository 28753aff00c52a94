import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from "../auth/passwords.js";
import type { OfficialPrincipal, OfficialRole } from "../auth/principal.js";
import { ConflictError, RateLimitedError, UnauthenticatedError } from "../errors.js";
import type { Logger } from "../infra/logger.js";
import { isDuplicateKey } from "../infra/mongo-errors.js";
import { RateLimiter } from "../infra/rate-limiter.js";
import type { RedisClient } from "../infra/redis-client.js";
import { Official, type OfficialDocument } from "./official.model.js";

/** After this many sign-in attempts on a username within the window, further ones wait it out. */
export const MAX_FAILED_LOGINS = 5;
/** Attempts from one address in the window, on any usernames (an office shares one address). */
export const MAX_LOGINS_PER_ADDRESS = 30;
export const FAILED_LOGIN_WINDOW_SECONDS = 15 * 60;

export class OfficialsService {
  private readonly attempts: RateLimiter;

  constructor(redis: RedisClient, logger: Logger) {
    this.attempts = new RateLimiter(redis, logger, FAILED_LOGIN_WINDOW_SECONDS * 1000);
  }

  async create(
    input: { username: string; password: string; role: OfficialRole; regionCode?: string | undefined },
    createdBy?: string,
  ) {
    try {
      const official = await Official.create({
        // Usernames are told apart without case: HDongtai and hdongtai are one official.
        username: input.username.toLowerCase(),
        passwordHash: await hashPassword(input.password),
        role: input.role,
        ...(input.regionCode ? { regionCode: input.regionCode } : {}),
        ...(createdBy ? { createdBy } : {}),
      });
      return official.toObject() as OfficialDocument;
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new ConflictError("USERNAME_TAKEN", `The username ${input.username} is taken`, "该用户名已被使用。");
      }
      throw error;
    }
  }

  /** Creates the first administrator from the environment if no official has that username. */
  async ensureAdmin(username: string, password: string): Promise<"created" | "exists"> {
    if (await Official.exists({ username: username.toLowerCase() })) return "exists";
    await this.create({ username, password, role: "admin" }).catch((error: unknown) => {
      if (!(error instanceof ConflictError)) throw error;
    });
    return "created";
  }

  /**
   * Checks a password in constant time. Every attempt is counted before its password is checked,
   * per username and per address, so attempts sent in parallel cannot get past the limit; a
   * successful sign-in clears its username's count and is taken off its address's.
   */
  async login(username: string, password: string, address: string): Promise<OfficialPrincipal> {
    const userKey = `login:user:${username.toLowerCase()}`;
    const addressKey = `login:ip:${address}`;
    const decision = await this.attempts.consume([
      { key: userKey, limit: MAX_FAILED_LOGINS },
      { key: addressKey, limit: MAX_LOGINS_PER_ADDRESS },
    ]);
    if (!decision.allowed) {
      throw new RateLimitedError(
        "TOO_MANY_LOGIN_ATTEMPTS",
        "Too many sign-in attempts; wait before trying again",
        "密码错误次数过多，请稍后再试。",
        decision.retryAfterSeconds,
      );
    }
    const official = await Official.findOne({ username: username.toLowerCase() }).lean<OfficialDocument>();
    const valid = await verifyPassword(password, official?.passwordHash ?? UNKNOWN_USER_HASH);
    if (!official || !valid) {
      throw new UnauthenticatedError("Wrong username or password", "用户名或密码不正确，请重新输入。");
    }
    // A sign-in that succeeded was no guess: it counts against neither the username nor the office.
    await Promise.all([this.attempts.reset(userKey), this.attempts.refund(addressKey)]);
    return {
      kind: "official",
      officialId: String(official._id),
      username: official.username,
      role: official.role as OfficialRole,
      ...(official.regionCode ? { regionCode: official.regionCode } : {}),
    };
  }
}

import mongoose from "mongoose";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { maskedPerson, type PersonInput, protectPerson } from "../identity/person.js";
import type { PersonalDataProtector } from "../identity/protection.js";
import { batchedLookup } from "../infra/batcher.js";
import { Venue } from "../venues/venue.model.js";
import { exchangeLoginCode } from "../wechat/login.js";
import { User, type UserDocument } from "./user.model.js";

const DEV_CODE = /^dev:([\p{L}\p{N}_-]{1,32})$/u;

export interface UsersServiceOptions {
  protector: PersonalDataProtector;
  production: boolean;
  wechat: { appId: string; secret: string } | undefined;
  wechatApiBase: string;
}

export class UsersService {
  /** Concurrent look-ups (every scan makes one) share a query. */
  private readonly byIds = batchedLookup(
    (ids) => User.find({ _id: { $in: ids } }).lean<UserDocument[]>(),
    (user) => String(user._id),
  );

  constructor(private readonly options: UsersServiceOptions) {}

  /** Signs in with a mini-program login code; `dev:<name>` outside production without WeChat settings. */
  async signInWithWeChat(code: string): Promise<UserDocument> {
    const { wechat } = this.options;
    if (wechat) {
      const { openid } = await exchangeLoginCode({ ...wechat, apiBase: this.options.wechatApiBase, code });
      return this.findOrCreate(openid, "微信用户");
    }
    if (this.options.production) {
      throw new ForbiddenError(
        "Development sign-in is disabled in production; configure WECHAT_APPID and WECHAT_SECRET",
      );
    }
    const name = DEV_CODE.exec(code)?.[1];
    if (!name) {
      throw new ValidationError([
        { path: "code", message: "without WeChat settings, sign in with a development code: dev:<name>" },
      ]);
    }
    return this.findOrCreate(`dev:${name}`, name);
  }

  /** The account of someone who gave their real name in a chat without signing in elsewhere. */
  forChatContact(channel: string, contactId: string, nickname: string): Promise<UserDocument> {
    return this.findOrCreate(`chat:${channel}:${contactId}`, nickname.slice(0, 32) || "微信用户");
  }

  private async findOrCreate(openid: string, nickname: string): Promise<UserDocument> {
    const found = await User.findOneAndUpdate(
      { openid },
      { $setOnInsert: { openid, nickname } },
      { upsert: true, returnDocument: "after" },
    ).catch(async (error: { code?: number }) => {
      // Two first sign-ins at once: the other one created the user.
      if (error.code === 11000) return User.findOne({ openid });
      throw error;
    });
    if (!found) throw new Error("user upsert returned nothing");
    return found.toObject() as UserDocument;
  }

  async get(userId: string): Promise<UserDocument> {
    const [user] = mongoose.isValidObjectId(userId) ? await this.byIds([userId]) : [];
    if (!user) throw new NotFoundError(`No user ${userId}`, "账号不存在，请重新登录。", "USER_NOT_FOUND");
    return user;
  }

  /** Real-name verification: stores the person protected; one identity per account. */
  async setIdentity(userId: string, person: PersonInput): Promise<UserDocument> {
    const identity = { ...protectPerson(this.options.protector, person), verifiedAt: new Date() };
    try {
      const updated = await User.findByIdAndUpdate(
        userId,
        { $set: { identity } },
        { returnDocument: "after" },
      ).lean<UserDocument>();
      if (!updated) throw new NotFoundError(`No user ${userId}`, "账号不存在，请重新登录。", "USER_NOT_FOUND");
      return updated;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) {
        throw new ConflictError(
          "IDENTITY_IN_USE",
          "This identity number is already verified on another account",
          "该身份证号已在其他账号完成实名认证。如有疑问请联系工作人员。",
        );
      }
      throw error;
    }
  }

  /** The user as API responses show them: roles, and the identity masked. */
  async publicView(user: UserDocument) {
    const [owns, staffs] = await Promise.all([
      Venue.exists({ ownerId: user._id }),
      Venue.exists({ staffIds: user._id, ownerId: { $ne: user._id } }),
    ]);
    const roles = ["resident", ...(owns ? ["owner"] : []), ...(owns || staffs ? ["staff"] : [])];
    return {
      id: String(user._id),
      nickname: user.nickname,
      roles,
      realNameVerified: Boolean(user.identity),
      identity: user.identity ? maskedPerson(user.identity) : null,
    };
  }
}

import mongoose from "mongoose";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { type PersonInput, type ProtectedPerson, protectPerson } from "../identity/person.js";
import type { PersonalDataProtector } from "../identity/protection.js";
import { isAdultOn } from "../identity/resident-id.js";
import type { IdentityVerifier, NamedPerson } from "../identity/verifier.js";
import { batchedLookup } from "../infra/batcher.js";
import { leanFind } from "../infra/lean-commands.js";
import { isDuplicateKey } from "../infra/mongo-errors.js";
import { exchangeLoginCode } from "../wechat/login.js";
import { User, type UserDocument } from "./user.model.js";

const DEV_CODE = /^dev:([\p{L}\p{N}_-]{1,32})$/u;

export interface UsersServiceOptions {
  protector: PersonalDataProtector;
  verifier: IdentityVerifier;
  /** `dev:<name>` sign-in, allowed only when NODE_ENV is development or test and WeChat is not configured. */
  developmentSignIn: boolean;
  wechat: { appId: string; secret: string } | undefined;
  wechatApiBase: string;
}

export type VerifiedUser = UserDocument & { identity: NonNullable<UserDocument["identity"]> };

export class UsersService {
  /** Concurrent look-ups (every scan makes one) share a query, through the driver (no mongoose documents). */
  private readonly byIds = batchedLookup(
    (ids) => leanFind<UserDocument>(User, { _id: { $in: ids.map((id) => new mongoose.Types.ObjectId(id)) } }),
    (user) => String(user._id),
  );

  constructor(private readonly options: UsersServiceOptions) {}

  /**
   * Signs in with a mini-program login code, creating the account on the first sign-in. This is
   * the only way an account comes to exist: chats attach to accounts, they never create them.
   */
  async signInWithWeChat(code: string): Promise<UserDocument> {
    const { wechat } = this.options;
    if (wechat) {
      const { openid } = await exchangeLoginCode({ ...wechat, apiBase: this.options.wechatApiBase, code });
      return this.findOrCreate(openid, "微信用户");
    }
    if (!this.options.developmentSignIn) {
      throw new ForbiddenError(
        "Development sign-in is disabled in production; configure WECHAT_APPID and WECHAT_SECRET",
      );
    }
    const name = DEV_CODE.exec(code)?.[1];
    if (!name) {
      throw new ValidationError([
        {
          path: "code",
          message: "without WeChat settings, sign in with a development code: dev:<name>",
          userMessage: "微信登录：登录没有成功，请重新打开小程序",
        },
      ]);
    }
    return this.findOrCreate(`dev:${name}`, name);
  }

  private async findOrCreate(openid: string, nickname: string): Promise<UserDocument> {
    const found = await User.findOneAndUpdate(
      { openid },
      { $setOnInsert: { openid, nickname } },
      { upsert: true, returnDocument: "after" },
    ).catch(async (error: unknown) => {
      // Two first sign-ins at once: the other one created the user.
      if (isDuplicateKey(error)) return User.findOne({ openid });
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

  /** The account on which this person (keyed hash) verified their real name, if any. */
  async verifiedHolderOf(idHash: string): Promise<VerifiedUser | null> {
    return User.findOne({ "identity.idHash": idHash }).lean<VerifiedUser>();
  }

  /** The verified accounts of these people (keyed hashes), and whether each holder is an adult. */
  async verifiedHoldersOf(idHashes: string[]): Promise<Map<string, { userId: string; adult: boolean }>> {
    const holders = await leanFind<VerifiedUser>(User, { "identity.idHash": { $in: [...new Set(idHashes)] } });
    return new Map(
      holders.map((holder) => [
        holder.identity.idHash,
        { userId: String(holder._id), adult: isAdultOn(this.options.protector.decrypt(holder.identity.idCipher)) },
      ]),
    );
  }

  /**
   * Real-name verification (实名认证): the real-name service confirms that name and number belong
   * together, then the person is stored protected. It is permanent: a verified account may only
   * renew its phone number; a different identity number needs an official's correction.
   */
  async setIdentity(userId: string, person: PersonInput): Promise<UserDocument> {
    const user = await this.get(userId);
    if (user.identity) return this.renewPhone(user as VerifiedUser, person);
    await this.options.verifier.verify(person);
    const identity = { ...protectPerson(this.options.protector, person), verifiedAt: new Date() };
    try {
      // Only an account still without identity takes one: two verifications at once cannot both win.
      const updated = await User.findOneAndUpdate(
        { _id: userId, identity: { $exists: false } },
        { $set: { identity } },
        { returnDocument: "after" },
      ).lean<UserDocument>();
      if (!updated) throw identityLocked();
      return updated;
    } catch (error) {
      if (isDuplicateKey(error)) throw identityInUse();
      throw error;
    }
  }

  private async renewPhone(user: VerifiedUser, person: PersonInput): Promise<UserDocument> {
    const { protector } = this.options;
    const same =
      user.identity.idHash === protector.hash(person.idNumber) &&
      protector.decrypt(user.identity.nameCipher) === person.name;
    if (!same) throw identityLocked();
    const phone = protectPerson(protector, person);
    const updated = await User.findByIdAndUpdate(
      user._id,
      { $set: { "identity.phoneCipher": phone.phoneCipher, "identity.phoneMasked": phone.phoneMasked } },
      { returnDocument: "after" },
    ).lean<UserDocument>();
    if (!updated) throw new NotFoundError(`No user ${user._id}`, "账号不存在，请重新登录。", "USER_NOT_FOUND");
    return updated;
  }

  /**
   * Puts another identity on an account, by an official's decision (a correction, or a contested
   * claim granted). The real-name service checks the new pair first. Returns the identity replaced.
   */
  async replaceIdentity(
    userId: string,
    person: NamedPerson & { phone?: string | undefined },
  ): Promise<{ before: ProtectedPerson | null }> {
    const user = await this.get(userId);
    await this.options.verifier.verify(person);
    const identity = { ...protectPerson(this.options.protector, person), verifiedAt: new Date() };
    try {
      await User.updateOne({ _id: user._id }, { $set: { identity } });
    } catch (error) {
      if (isDuplicateKey(error)) throw identityInUse();
      throw error;
    }
    return { before: user.identity ?? null };
  }

  /** The resident accepted one more alert message in WeChat (each acceptance allows one). */
  async addAlertSubscription(userId: string): Promise<number> {
    const user = await User.findByIdAndUpdate(
      userId,
      { $inc: { alertSubscriptions: 1 } },
      { returnDocument: "after" },
    ).lean<UserDocument>();
    if (!user) throw new NotFoundError(`No user ${userId}`, "账号不存在，请重新登录。", "USER_NOT_FOUND");
    return user.alertSubscriptions ?? 0;
  }

  /** These accounts, for sending them WeChat messages (their openid and agreements left). */
  byIdsForMessaging(userIds: mongoose.Types.ObjectId[]): Promise<UserDocument[]> {
    return User.find({ _id: { $in: userIds } }).lean<UserDocument[]>();
  }

  /**
   * Uses up agreements to alert messages, in one write. The count is our copy of WeChat's; should
   * two senders race on one resident, WeChat refuses the message beyond the agreement (errcode
   * 43101) and the alert is recorded as failed.
   */
  async useUpAlertSubscriptions(usedUp: Map<string, number>): Promise<void> {
    if (usedUp.size === 0) return;
    await User.bulkWrite(
      [...usedUp].map(([userId, count]) => ({
        updateOne: {
          filter: { _id: new mongoose.Types.ObjectId(userId), alertSubscriptions: { $gte: count } },
          update: { $inc: { alertSubscriptions: -count } },
        },
      })),
      { ordered: false },
    );
  }

  /** Takes a verified identity off an account (a contested claim was granted to its true holder). */
  async revokeIdentity(userId: string, idHash: string): Promise<void> {
    await User.updateOne({ _id: userId, "identity.idHash": idHash }, { $unset: { identity: 1 } });
  }
}

function identityLocked(): ConflictError {
  return new ConflictError(
    "IDENTITY_LOCKED",
    "This account's real name is verified and cannot be changed; an official can correct it",
    "实名认证完成后不能自行更改姓名或身份证号。如果填错了，请带身份证到社区或联系防疫工作人员更正。",
  );
}

function identityInUse(): ConflictError {
  return new ConflictError(
    "IDENTITY_IN_USE",
    "This identity number is already verified on another account; file a claim (POST /api/me/identity-claims) to have an official review it",
    "该身份证号已在其他账号完成实名认证。如果这是您本人的身份证，可以提交申诉，由工作人员核实后处理。",
    { claim: "POST /api/me/identity-claims" },
  );
}

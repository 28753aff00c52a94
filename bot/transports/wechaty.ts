import { FileBox } from "file-box";
import type { WechatyInterface } from "wechaty/impls";
import type { BindingsService, ChatEngine, Logger, Reply, SignInLinks } from "../../src/chat/bot-interface.js";

/** How a WeChat contact signs in: a link into the mini-program, or a bind code from it. */
async function signInText(signInLinks: SignInLinks, contactId: string): Promise<string> {
  const { url } = await signInLinks.forWeChatContact(contactId);
  return [
    "请先登录您的“场所码”账号（二选一）：",
    `1. 点开这个链接，在“场所码”小程序里点“确认”：${url}`,
    "2. 在小程序“我的 → 绑定微信”获取绑定码，发给我“绑定 六位数字”。",
    "登录好了回复“继续”。",
  ].join("\n");
}

/**
 * The WeChat transport: each direct text message from a contact goes to the conversation engine,
 * and its replies go back to that contact (images as PNG files, a request to sign in as a link).
 * Group chats are ignored.
 */
export function connectWechaty(
  bot: WechatyInterface,
  engine: ChatEngine,
  { bindings, signInLinks }: { bindings: BindingsService; signInLinks: SignInLinks },
  logger: Logger,
): void {
  const send = async (to: { say(content: string | FileBox): Promise<unknown> }, contactId: string, reply: Reply) => {
    if (reply.type === "text") await to.say(reply.text);
    else if (reply.type === "image") await to.say(FileBox.fromDataURL(reply.url, "场所码.png"));
    else await to.say(await signInText(signInLinks, contactId));
  };
  bot.on("message", async (message) => {
    try {
      if (message.self() || message.room()) return;
      const talker = message.talker();
      if (message.type() !== bot.Message.Type.Text) {
        await talker.say("我现在只看得懂文字消息，请打字告诉我。");
        return;
      }
      const contactId = talker.id;
      const userId = await bindings.userFor("wechat", contactId);
      const replies = await engine.reply({ channel: "wechat", contactId, userId }, message.text());
      for (const reply of replies) await send(talker, contactId, reply);
    } catch (error) {
      logger.error({ err: error }, "the bot could not answer a message");
    }
  });
}

/** Sends texts to contacts by id (for alerts to bound contacts); `say` is false when the contact is not found. */
export function wechatyMessenger(bot: WechatyInterface) {
  return {
    isLoggedIn: () => bot.isLoggedIn,
    async say(contactId: string, text: string): Promise<boolean> {
      const contact = await bot.Contact.find({ id: contactId });
      if (!contact) return false;
      await contact.say(text);
      return true;
    },
  };
}

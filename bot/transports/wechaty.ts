import { FileBox } from "file-box";
import type { WechatyInterface } from "wechaty/impls";
import type { BindingsService } from "../../src/chat/bindings.service.js";
import type { Logger } from "../../src/infra/logger.js";
import type { ConversationEngine } from "../engine/index.js";

/**
 * The WeChat transport: each direct text message from a contact goes to the conversation engine,
 * and its replies go back to that contact (images as PNG files). Group chats are ignored.
 */
export function connectWechaty(
  bot: WechatyInterface,
  engine: ConversationEngine,
  bindings: BindingsService,
  logger: Logger,
): void {
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
      const replies = await engine.reply(
        { channel: "wechat", contactId, userId, nickname: talker.name() },
        message.text(),
      );
      for (const reply of replies) {
        if (reply.type === "text") await talker.say(reply.text);
        else await talker.say(FileBox.fromDataURL(reply.url, "场所码.png"));
      }
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

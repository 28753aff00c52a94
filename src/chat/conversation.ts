/**
 * The contract between the chat transports (web chat, WeChat) and the bot's conversation engine:
 * who is talking, what the bot answers. The engine (bot/) implements ChatEngine; the transports
 * and the HTTP route know nothing else of it.
 */

/**
 * What the bot sends back: short texts, images (the QR code) as data URLs, and a request to sign in
 * that each transport shows its own way (a sign-in panel on the web, a link and bind code in WeChat).
 */
export type Reply = { type: "text"; text: string } | { type: "image"; url: string } | { type: "sign-in" };

/** Who is talking: a web-chat session or a WeChat contact, and their account when known. */
export interface ChatIdentity {
  channel: "web" | "wechat";
  /** The conversation's key: `user:<id>` for a signed-in web chat, `anon:<session>`, or a WeChat contact id. */
  contactId: string;
  userId?: string | undefined;
  /** A web chat that just signed in: the anonymous conversation it continues. */
  continues?: string | undefined;
  /** Where messages come from (the web chat's client address), for flood limits. */
  origin?: string | undefined;
}

export interface ChatEngine {
  reply(who: ChatIdentity, message: string): Promise<Reply[]>;
}

export const text = (value: string): Reply => ({ type: "text", text: value });
export const signIn: Reply = { type: "sign-in" };

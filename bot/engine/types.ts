/** What the bot sends back: short texts, and images (the QR code) as data URLs. */
export type Reply = { type: "text"; text: string } | { type: "image"; url: string };

/** Who is talking: a web-chat session or a WeChat contact, and their account when known. */
export interface ChatIdentity {
  channel: "web" | "wechat";
  contactId: string;
  userId?: string | undefined;
  nickname?: string | undefined;
}

export const text = (value: string): Reply => ({ type: "text", text: value });

import type Koa from "koa";
import { api } from "./api.js";

/** A reply of POST /api/chat, as the web chat page renders it. */
export type ChatReply = { type: "text"; text: string } | { type: "image"; url: string } | { type: "sign-in" };

/** Talks to the bot through POST /api/chat as the web chat page does: one conversation, maybe signed in. */
export function webChat(app: () => Koa) {
  return (sessionId: string, auth?: { Authorization: string }) =>
    async (message: string): Promise<ChatReply[]> => {
      const request = api(app()).http().post("/api/chat");
      if (auth) request.set(auth);
      const res = await request.send({ sessionId, text: message });
      if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
      return res.body.replies;
    };
}

/** The last text the bot answered with: what a person reads last. */
export function lastText(replies: ChatReply[]): string {
  const texts = replies.filter((r): r is Extract<ChatReply, { type: "text" }> => r.type === "text");
  return texts[texts.length - 1]?.text ?? "";
}

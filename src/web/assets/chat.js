// @ts-check
import { call, el } from "./api.js";

/** The web chat with the bot: each message goes to POST /api/chat, replies are shown as bubbles. */
const log = /** @type {HTMLElement} */ (document.getElementById("chat-log"));
const form = /** @type {HTMLFormElement} */ (document.getElementById("chat-form"));
const input = /** @type {HTMLInputElement} */ (document.getElementById("chat-text"));
let sessionId = sessionStorage.getItem("venue-code:chat-session");
if (!sessionId) {
  sessionId = crypto.randomUUID().replaceAll("-", "");
  sessionStorage.setItem("venue-code:chat-session", sessionId);
}

function show(who, reply) {
  const content = reply.type === "image" ? el("img", { src: reply.url, alt: "场所码图片" }) : reply.text;
  log.append(el("div", { className: `bubble bubble--${who}` }, content));
  log.scrollTop = log.scrollHeight;
}

async function send(text) {
  show("me", { type: "text", text });
  try {
    const { replies } = await call("POST", "/api/chat", { body: { sessionId, text } });
    for (const reply of replies) show("bot", reply);
  } catch (error) {
    show("bot", { type: "text", text: error instanceof Error ? error.message : String(error) });
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  send(text);
});
for (const button of document.querySelectorAll("[data-say]")) {
  button.addEventListener("click", () => send(/** @type {HTMLElement} */ (button).dataset.say ?? ""));
}
show("bot", {
  type: "text",
  text: "您好，我是场所码小助手。可以问我场所码的问题，或者发送“申领场所码”“添加随行人员”。",
});

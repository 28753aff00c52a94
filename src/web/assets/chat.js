// @ts-check
import { call, el } from "./api.js";

/**
 * The web chat with the bot: each message goes to POST /api/chat, replies are shown as bubbles.
 * Questions need no account; when the bot asks to sign in, a QR code appears that the resident
 * confirms in the mini-program (in development also a test sign-in), and the chat then continues
 * where it was, on their account.
 */
const log = /** @type {HTMLElement} */ (document.getElementById("chat-log"));
const form = /** @type {HTMLFormElement} */ (document.getElementById("chat-form"));
const input = /** @type {HTMLInputElement} */ (document.getElementById("chat-text"));
const signInPanel = /** @type {HTMLElement} */ (document.getElementById("chat-sign-in"));
const signInQr = /** @type {HTMLImageElement} */ (document.getElementById("sign-in-qr"));
const signInStatus = /** @type {HTMLElement} */ (document.getElementById("sign-in-status"));
const devSignIn = /** @type {HTMLFormElement | null} */ (document.getElementById("dev-sign-in"));

const SESSION_KEY = "venue-code:chat-session";
const TOKEN_KEY = "venue-code:chat-token";
let sessionId = sessionStorage.getItem(SESSION_KEY);
if (!sessionId) {
  sessionId = crypto.randomUUID().replaceAll("-", "");
  sessionStorage.setItem(SESSION_KEY, sessionId);
}
/** @type {ReturnType<typeof setInterval> | undefined} */
let polling;

/**
 * @param {"me" | "bot"} who
 * @param {{ type: "text", text: string } | { type: "image", url: string }} reply
 */
function show(who, reply) {
  const content = reply.type === "image" ? image(reply.url) : linked(reply.text);
  log.append(el("div", { className: `bubble bubble--${who}` }, content));
  toEnd();
}

/** Keeps the newest message in view. */
function toEnd() {
  log.scrollTop = log.scrollHeight;
}

/**
 * An image in a bubble; the log scrolls again once it has loaded, since its height was not known.
 * @param {string} url
 */
function image(url) {
  const img = el("img", { src: url, alt: "场所码图片", className: "bubble__image" });
  img.addEventListener("load", toEnd, { once: true });
  return img;
}

/**
 * Text with its web addresses as links people can tap (http and https only), each allowed to wrap.
 * @param {string} text
 * @returns {(Node | string)[]}
 */
function linked(text) {
  /** @type {(Node | string)[]} */
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s，。；！？、）》”]+/g)) {
    const start = match.index ?? 0;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      el("a", { href: match[0], target: "_blank", rel: "noopener noreferrer", className: "bubble__link" }, match[0]),
    );
    last = start + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/**
 * @param {string} text
 * @param {{ echo?: boolean }} [options]
 */
async function send(text, { echo = true } = {}) {
  if (echo) show("me", { type: "text", text });
  const token = sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  try {
    const { replies } = await call("POST", "/api/chat", { token, body: { sessionId, text } });
    for (const reply of replies) {
      if (reply.type === "sign-in") await offerSignIn();
      else show("bot", reply);
    }
  } catch (error) {
    if (/** @type {{ status?: number }} */ (error).status === 401) {
      // The sign-in expired: ask again, then carry on.
      sessionStorage.removeItem(TOKEN_KEY);
      await offerSignIn();
      return;
    }
    show("bot", { type: "text", text: error instanceof Error ? error.message : String(error) });
  }
}

/** Shows the sign-in QR code and waits for the resident to confirm it in the mini-program. */
async function offerSignIn() {
  signInPanel.classList.remove("hidden");
  devSignIn?.classList.remove("hidden");
  clearInterval(polling);
  try {
    const link = await call("POST", "/api/chat/sign-in-links", { body: { sessionId } });
    signInQr.src = link.qr;
    signInStatus.textContent = "等待在小程序里确认……";
    polling = setInterval(async () => {
      try {
        const outcome = await call("POST", `/api/chat/sign-in-links/${link.token}/collect`, {
          body: { secret: link.secret },
        });
        if (outcome.status === "confirmed") await signedIn(outcome.token);
      } catch (error) {
        clearInterval(polling);
        signInStatus.textContent = error instanceof Error ? error.message : String(error);
      }
    }, 2000);
  } catch (error) {
    signInStatus.textContent = error instanceof Error ? error.message : String(error);
  }
  signInPanel.scrollIntoView({ behavior: "smooth", block: "nearest" });
}

/** @param {string} token */
async function signedIn(token) {
  clearInterval(polling);
  sessionStorage.setItem(TOKEN_KEY, token);
  signInPanel.classList.add("hidden");
  show("bot", { type: "text", text: "登录成功。" });
  await send("继续", { echo: false });
}

devSignIn?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = String(new FormData(devSignIn).get("name") ?? "").trim();
  if (!name) return;
  try {
    const { token } = await call("POST", "/api/auth/wechat", { body: { code: `dev:${name}` } });
    await signedIn(token);
  } catch (error) {
    signInStatus.textContent = error instanceof Error ? error.message : String(error);
  }
});

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

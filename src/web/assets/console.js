// @ts-check
import { call, clearFieldProblems, el, message, showFieldProblems } from "./api.js";
import { renderCompliance } from "./console-compliance.js";
import { renderExposures } from "./console-exposures.js";
import { renderInspections } from "./console-inspections.js";
import { session } from "./console-kit.js";
import { renderAudit, renderTickets } from "./console-records.js";
import { renderStats } from "./console-stats.js";

/**
 * The officials' console: sign-in, and one tab per section the official's role may use; each
 * section is its own module.
 */
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @type {Record<string, string>} */
const ROLE_NAMES = { health: "卫健", police: "公安", admin: "管理员" };

/** @type {Record<string, { title: string, roles: string[], render: (main: HTMLElement) => void }>} */
const sections = {
  stats: { title: "统计", roles: ["health", "police", "admin"], render: renderStats },
  compliance: { title: "合规检查", roles: ["police", "health", "admin"], render: renderCompliance },
  inspections: { title: "巡查记录", roles: ["police", "admin"], render: renderInspections },
  exposures: { title: "风险事件", roles: ["health"], render: renderExposures },
  audit: { title: "审计日志", roles: ["admin"], render: renderAudit },
  tickets: { title: "工单", roles: ["admin", "health"], render: renderTickets },
};

/** @param {string} name */
function show(name) {
  for (const button of document.querySelectorAll(".tabs button")) {
    // The section on screen is marked as the current one (aria-selected belongs to tabs, not buttons).
    if (/** @type {HTMLElement} */ (button).dataset.section === name) button.setAttribute("aria-current", "page");
    else button.removeAttribute("aria-current");
  }
  const main = $("section");
  main.replaceChildren();
  sections[name]?.render(main);
}

/** The username whose workspace is on screen, kept (hidden) while an expired sign-in is renewed. */
let workspaceOf = "";

function signedIn() {
  const official = session.official;
  if (!official) return;
  $("sign-in").classList.add("hidden");
  $("sign-in-notice").textContent = "";
  $("workspace").classList.remove("hidden");
  // Signed in again after the sign-in expired: the same person finds their section and form as they left them.
  if (workspaceOf === official.username) return;
  workspaceOf = official.username;
  $("who").textContent =
    `${official.username}（${ROLE_NAMES[official.role]}${official.regionCode ? ` · ${official.regionCode}` : ""}）`;
  const allowed = Object.entries(sections).filter(([, s]) => s.roles.includes(official.role));
  $("tabs").replaceChildren(
    ...allowed.map(([name, s]) => {
      const button = el("button", { type: "button", "data-section": name }, s.title);
      button.addEventListener("click", () => show(name));
      return button;
    }),
  );
  const [first] = allowed;
  if (first) show(first[0]);
}

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.target);
  const data = new FormData(form);
  $("sign-in-error").textContent = "";
  clearFieldProblems(form);
  try {
    const signed = await call("POST", "/api/auth/login", {
      body: { username: data.get("username"), password: data.get("password") },
    });
    session.token = signed.token;
    session.official = signed.official;
    sessionStorage.setItem("venue-code:console-token", session.token);
    sessionStorage.setItem("venue-code:console-official", JSON.stringify(session.official));
    signedIn();
  } catch (error) {
    $("sign-in-error").textContent = message(error);
    showFieldProblems(form, error);
  }
});
$("sign-out").addEventListener("click", () => {
  sessionStorage.clear();
  location.reload();
});

// The sign-in expired: ask for it again, keeping the section and whatever was typed into it.
session.onExpired = () => {
  session.token = "";
  sessionStorage.removeItem("venue-code:console-token");
  $("workspace").classList.add("hidden");
  $("sign-in").classList.remove("hidden");
  $("sign-in-notice").textContent = "登录已过期，请重新登录。您填写的内容已保留，登录后可继续操作。";
  const username = /** @type {HTMLInputElement} */ ($("username"));
  if (session.official) username.value = session.official.username;
  /** @type {HTMLInputElement} */ ($("password")).focus();
};

if (session.token && session.official) signedIn();

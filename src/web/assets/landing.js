// @ts-check
import { call, clearFieldProblems, showFieldProblems } from "./api.js";
import { passCard } from "./pass-card.js";

/** Development only: sign in as a test resident, give a real name, and check in at this venue. */
const form = /** @type {HTMLFormElement | null} */ (document.getElementById("dev-check-in"));
if (form) {
  const problem = /** @type {HTMLElement} */ (document.getElementById("dev-error"));
  const passes = /** @type {HTMLElement} */ (document.getElementById("passes"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = /** @type {HTMLButtonElement} */ (form.querySelector("button"));
    const data = new FormData(form);
    problem.textContent = "";
    clearFieldProblems(form);
    button.disabled = true;
    try {
      // A test account per identity number (a verified identity belongs to one account for good).
      const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(String(data.get("idNumber"))));
      const name = `web-${[...new Uint8Array(digest)]
        .slice(0, 6)
        .map((byte) => byte.toString(16).padStart(2, "0"))
        .join("")}`;
      const { token } = await call("POST", "/api/auth/wechat", { body: { code: `dev:${name}` } });
      await call("PUT", "/api/me/identity", {
        token,
        body: { name: data.get("name"), idNumber: data.get("idNumber"), phone: data.get("phone") },
      });
      const outcome = await call("POST", "/api/scans", {
        token,
        body: { code: form.dataset.code, requestId: crypto.randomUUID() },
      });
      passes.replaceChildren(...outcome.passes.map(passCard));
      form.closest(".card")?.classList.add("hidden");
      passes.scrollIntoView({ behavior: "smooth" });
    } catch (error) {
      problem.textContent = error instanceof Error ? error.message : String(error);
      showFieldProblems(form, error);
    } finally {
      button.disabled = false;
    }
  });
}

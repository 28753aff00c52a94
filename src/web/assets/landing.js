// @ts-check
import { call } from "./api.js";
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
    button.disabled = true;
    try {
      // A test account per browser: the dev sign-in name stays on this device only.
      let name = localStorage.getItem("venue-code:dev-user");
      if (!name) {
        name = `web-${crypto.randomUUID().slice(0, 8)}`;
        localStorage.setItem("venue-code:dev-user", name);
      }
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
    } finally {
      button.disabled = false;
    }
  });
}

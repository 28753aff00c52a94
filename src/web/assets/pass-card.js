// @ts-check
import { el } from "./api.js";

/** @type {Record<import("../../../miniprogram/typings/api").Pass["status"], string>} */
const LABELS = { green: "绿色 · 可以通行", yellow: "黄色 · 请配合核验", red: "红色 · 暂停进入" };

/**
 * The pass card staff check at the door: colour band, masked name, venue, and a live clock with a
 * moving ring, so that a screenshot or a photo of an old card is easy to tell apart.
 * @param {import("../../../miniprogram/typings/api").Pass} pass
 */
export function passCard(pass) {
  const clock = el("p", { className: "pass__clock", "data-clock": "" });
  const date = el("p", { className: "pass__date" });
  const tick = () => {
    const now = new Date();
    clock.textContent = now.toLocaleTimeString("zh-CN", { hour12: false });
    date.textContent = now.toLocaleDateString("zh-CN", {
      year: "numeric",
      month: "long",
      day: "numeric",
      weekday: "long",
    });
  };
  tick();
  setInterval(tick, 1000);
  const scanned = new Date(pass.scannedAt).toLocaleTimeString("zh-CN", {
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });
  return el(
    "section",
    {
      className: `pass pass--${pass.status}`,
      "data-status": pass.status,
      "aria-label": `通行状态：${LABELS[pass.status]}`,
    },
    el(
      "div",
      { className: "pass__band" },
      el("span", { className: "pass__status" }, LABELS[pass.status] ?? pass.status),
      el("span", { className: "pass__relation" }, pass.relation ?? "本人"),
    ),
    el(
      "div",
      { className: "pass__body" },
      el("div", { className: "pass__pulse", "aria-hidden": "true" }),
      el("p", { className: "pass__name" }, pass.personName),
      el("p", { className: "pass__venue" }, `${pass.venueName} · ${scanned} 签到`),
      clock,
      date,
      pass.reasons.length
        ? el(
            "ul",
            { className: "pass__reasons" },
            pass.reasons.map((r) => el("li", {}, r.message)),
          )
        : null,
    ),
  );
}

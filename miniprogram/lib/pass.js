/**
 * What a pass status means, in words on the card.
 * @type {Record<string, string>}
 */
const PASS_LABELS = {
  green: "绿色 · 可以通行",
  yellow: "黄色 · 请配合核验",
  red: "红色 · 暂停进入",
};

/**
 * The venue code a page was opened with: from a scanned poster link (`q` is the encoded URL
 * …/s/<code>, as configured under 扫普通链接二维码打开小程序), or passed as `code` by another page.
 * @param {Record<string, string | undefined>} options
 */
function codeFromLaunch(options) {
  if (options.code && /^[A-Za-z0-9_-]{20}$/.test(options.code)) return options.code;
  if (!options.q) return null;
  const match = /\/s\/([A-Za-z0-9_-]{20})(?:[?#]|$)/.exec(decodeURIComponent(options.q));
  return match ? match[1] : null;
}

/** China Standard Time, UTC+8 all year: passes are read in China's time whatever zone the phone is set to. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

const two = (/** @type {number} */ n) => String(n).padStart(2, "0");

/** @param {Date} date */
function chinaParts(date) {
  const shifted = new Date(date.getTime() + CHINA_OFFSET_MS);
  return {
    day: `${shifted.getUTCFullYear()}-${two(shifted.getUTCMonth() + 1)}-${two(shifted.getUTCDate())}`,
    date: `${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日`,
    time: `${two(shifted.getUTCHours())}:${two(shifted.getUTCMinutes())}:${two(shifted.getUTCSeconds())}`,
  };
}

/**
 * A clock as people read it, 24-hour, China time: 14:05:09.
 * @param {Date} date
 */
function clockText(date) {
  return chinaParts(date).time;
}

/**
 * When a pass was issued, with its date, so an old card cannot pass for today's: 12月1日 09:56.
 * @param {string} iso
 */
function checkInText(iso) {
  const parts = chinaParts(new Date(iso));
  return `${parts.date} ${parts.time.slice(0, 5)}`;
}

/**
 * Why a stored pass must not be shown at a door as it is: "" when it is today's and within the
 * venue's dwell time (`validUntil`, the visit's end), else a warning to scan again.
 * @param {{scannedAt: string, validUntil?: string}} pass
 * @param {Date} now
 */
function staleWarning(pass, now) {
  const scanned = chinaParts(new Date(pass.scannedAt));
  if (scanned.day !== chinaParts(now).day) return `这是${scanned.date}的通行卡，不是今天的。请重新扫码登记后出示。`;
  if (pass.validUntil && Date.parse(pass.validUntil) < now.getTime()) {
    return `已超过场所停留时间（${scanned.time.slice(0, 5)} 签到），这张通行卡已失效。请重新扫码登记后出示。`;
  }
  return "";
}

/** @type {Record<string, string>} */
const COLOUR_WORDS = { green: "绿色", yellow: "黄色", red: "红色" };

/**
 * One line above a family's cards, so the door sees everyone at a glance: 4人 · 全部绿色, or
 * 3人 · 1人红色 · 2人绿色 (the worst first).
 * @param {{status: string}[]} passes
 */
function familySummary(passes) {
  const counts = ["red", "yellow", "green"]
    .map((status) => ({ status, count: passes.filter((pass) => pass.status === status).length }))
    .filter(({ count }) => count > 0);
  if (counts.length === 1) return `${passes.length}人 · 全部${COLOUR_WORDS[counts[0].status]}`;
  return [`${passes.length}人`, ...counts.map(({ status, count }) => `${count}人${COLOUR_WORDS[status]}`)].join(" · ");
}

module.exports = { PASS_LABELS, codeFromLaunch, clockText, checkInText, staleWarning, familySummary };

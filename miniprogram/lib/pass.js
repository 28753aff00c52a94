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

/**
 * A clock as people read it, 24-hour: 14:05:09.
 * @param {Date} date
 */
function clockText(date) {
  const two = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

module.exports = { PASS_LABELS, codeFromLaunch, clockText };

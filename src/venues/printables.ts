import { createRequire } from "node:module";
import { renderAsync } from "@resvg/resvg-js";
import QRCode from "qrcode";

/**
 * What an owner prints: the QR code alone (PNG, SVG) and an A4 poster (HTML for the browser's
 * print dialog, PNG for the photo shop). The QR is 150 mm wide on the poster: a phone camera reads
 * a code from about ten times its width, so it scans from 1.5 m.
 */
export interface PosterContent {
  cityName: string;
  venueName: string;
  categoryName: string;
  regionName: string;
  place: string;
  url: string;
  code: string;
}

const require = createRequire(import.meta.url);
/** Noto Sans SC, installed with the npm packages: posters, and web pages on machines without Chinese fonts. */
export const CHINESE_FONTS = {
  regular: require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf"),
};
const FONT_FILES = [CHINESE_FONTS.regular, CHINESE_FONTS.bold];
const FONT_FAMILY = "Noto Sans SC";
const GREEN = "#0b7a44";

export const SCANNING_STEPS = [
  "进门前，请打开微信“扫一扫”，扫描上方二维码登记。",
  "扫码后出示通行状态，请配合工作人员查验。",
  "老人、儿童等没有手机的，可由同行人员扫码时“添加随行人员”一起登记，也可请工作人员帮助“无手机入场”登记。",
];
const PRIVACY_LINE = "个人信息依法保护，仅用于疫情防控";

export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The QR code's dark modules as one SVG path in module units, and its size in modules. */
function qrPath(url: string): { size: number; path: string } {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: "M" });
  let path = "";
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) path += `M${col} ${row}h1v1h-1z`;
    }
  }
  return { size: modules.size, path };
}

/** The QR code alone as SVG, with the four-module quiet zone scanners need. */
export function qrSvg(url: string): string {
  const { size, path } = qrPath(url);
  const box = size + 8;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-4 -4 ${box} ${box}" shape-rendering="crispEdges"><rect x="-4" y="-4" width="${box}" height="${box}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}

/** Splits text into lines of at most `perLine` characters (Chinese text breaks anywhere). */
function wrap(text: string, perLine: number, maxLines: number): string[] {
  const characters = [...text];
  const lines: string[] = [];
  for (let i = 0; i < characters.length && lines.length < maxLines; i += perLine) {
    lines.push(characters.slice(i, i + perLine).join(""));
  }
  return lines;
}

/**
 * The venue name's type size and lines on an A4 poster: as large as fits in at most three lines of
 * `measure` units (a Chinese character is as wide as its size), so any name of 2 to 50 characters
 * fits and leaves room for the QR code and the steps on one page.
 */
export function nameLayout(name: string, measure: number, sizes: readonly number[]): { size: number; lines: string[] } {
  const length = [...name].length;
  for (const [i, size] of sizes.entries()) {
    const perLine = Math.floor(measure / size);
    const allowed = i === sizes.length - 1 ? 3 : Math.min(3, i + 1);
    if (Math.ceil(length / perLine) <= allowed) return { size, lines: wrap(name, perLine, allowed) };
  }
  const size = sizes.at(-1) as number;
  return { size, lines: wrap(name, Math.floor(measure / size), 3) };
}

const POSTER = { width: 1240, height: 1754, footerTop: 1624, margin: 28, maxQr: 886, minQr: 640 } as const;
const STEP_LINE = 48;
const STEP_GAP = 8;
const STEP_SIZE = 34;
const STEP_CHARACTERS = 30;

/** The A4 poster (1240 × 1754 px, 150 dpi) as SVG, the source of poster.png. */
export function posterSvg(content: PosterContent): string {
  const { width } = POSTER;
  const { size, path } = qrPath(content.url);
  const name = nameLayout(content.venueName, 1080, [72, 60, 50, 44]);
  let y = 290;
  const parts: string[] = [
    `<rect width="${width}" height="${POSTER.height}" fill="#fff"/>`,
    `<rect width="${width}" height="210" fill="${GREEN}"/>`,
    `<text x="620" y="125" font-size="96" font-weight="700" fill="#fff" text-anchor="middle">场所码</text>`,
    `<text x="620" y="182" font-size="36" fill="#fff" text-anchor="middle">${escapeMarkup(content.cityName)} · 扫码登记 · 出示通行状态</text>`,
  ];
  for (const line of name.lines) {
    parts.push(
      `<text x="620" y="${y}" font-size="${name.size}" font-weight="700" fill="#111" text-anchor="middle">${escapeMarkup(line)}</text>`,
    );
    y += name.size + 12;
  }
  parts.push(
    `<text x="620" y="${y + 4}" font-size="38" fill="#333" text-anchor="middle">${escapeMarkup(`${content.categoryName} · ${content.regionName}`)}</text>`,
    `<text x="620" y="${y + 54}" font-size="30" fill="#444" text-anchor="middle">${escapeMarkup(wrap(content.place, 34, 1)[0] ?? "")}</text>`,
  );
  // The steps keep their size; the QR code takes what is left above them, from 108 to 150 mm wide.
  const steps = SCANNING_STEPS.map((step) => wrap(step, STEP_CHARACTERS, 3));
  const stepLines = steps.reduce((n, lines) => n + lines.length, 0);
  const stepsHeight = (stepLines - 1) * STEP_LINE + (steps.length - 1) * STEP_GAP + 12;
  const qrTop = y + 76;
  const room = POSTER.footerTop - POSTER.margin - stepsHeight - 62 - qrTop;
  const qrWidth = Math.max(POSTER.minQr, Math.min(POSTER.maxQr, room));
  const moduleSize = qrWidth / (size + 8);
  parts.push(
    `<g transform="translate(${(width - qrWidth) / 2} ${qrTop}) scale(${moduleSize}) translate(4 4)" shape-rendering="crispEdges"><rect x="-4" y="-4" width="${size + 8}" height="${size + 8}" fill="#fff"/><path d="${path}" fill="#000"/></g>`,
  );
  let textY = qrTop + qrWidth + 62;
  for (const [index, lines] of steps.entries()) {
    for (const [lineIndex, line] of lines.entries()) {
      // A continued line starts under the step's text, not under its number.
      const [x, text] = lineIndex === 0 ? [110, `${index + 1}. ${line}`] : [146, line];
      parts.push(`<text x="${x}" y="${textY}" font-size="${STEP_SIZE}" fill="#111">${escapeMarkup(text)}</text>`);
      textY += STEP_LINE;
    }
    textY += STEP_GAP;
  }
  // The footer: the privacy line, and the code's 编号 large and dark enough to read out over the phone.
  parts.push(
    `<rect y="${POSTER.footerTop}" width="${width}" height="${POSTER.height - POSTER.footerTop}" fill="#f1f5f2"/>`,
    `<text x="620" y="${POSTER.footerTop + 50}" font-size="28" fill="#333" text-anchor="middle">${PRIVACY_LINE} · 请张贴在入口醒目位置</text>`,
    `<text x="620" y="${POSTER.footerTop + 104}" font-size="34" font-weight="700" fill="#1a1a1a" text-anchor="middle" letter-spacing="2">编号 ${escapeMarkup(content.code)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${POSTER.height}" viewBox="0 0 ${width} ${POSTER.height}" font-family="${FONT_FAMILY}">${parts.join("")}</svg>`;
}

/**
 * The QR code as PNG, 1024 px wide; with a caption (the venue's name), the name is printed under
 * the code so a stack of them can be told apart.
 */
export async function qrPng(url: string, caption?: string): Promise<Buffer> {
  if (!caption) return QRCode.toBuffer(url, { errorCorrectionLevel: "M", margin: 4, width: 1024, type: "png" });
  const { size, path } = qrPath(url);
  const moduleSize = 1024 / (size + 8);
  const name = nameLayout(caption, 940, [64, 52, 44]);
  const height = 1024 + name.lines.length * (name.size + 14) + 40;
  const lines = name.lines
    .map(
      (line, i) =>
        `<text x="512" y="${1010 + (i + 1) * (name.size + 14) - 14}" font-size="${name.size}" font-weight="700" fill="#111" text-anchor="middle">${escapeMarkup(line)}</text>`,
    )
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="${height}" viewBox="0 0 1024 ${height}" font-family="${FONT_FAMILY}"><rect width="1024" height="${height}" fill="#fff"/><g transform="scale(${moduleSize}) translate(4 4)" shape-rendering="crispEdges"><path d="${path}" fill="#000"/></g>${lines}</svg>`;
  const image = await renderAsync(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  return Buffer.from(image.asPng());
}

/** Rendered posters, by what they show: a poster is the same until its venue or code changes. */
const renderedPosters = new Map<string, Promise<Buffer>>();
const RENDERED_POSTERS_KEPT = 100;

/**
 * The A4 poster as PNG. Rendering takes about a second of CPU, so it runs off the event loop
 * (resvg's thread pool) and each distinct poster is rendered once; a request does not hold up others.
 */
export function posterPng(content: PosterContent): Promise<Buffer> {
  const key = JSON.stringify(content);
  let rendered = renderedPosters.get(key);
  if (!rendered) {
    rendered = renderAsync(posterSvg(content), {
      font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    }).then((image) => Buffer.from(image.asPng()));
    rendered.catch(() => renderedPosters.delete(key));
    renderedPosters.set(key, rendered);
    // Oldest first out: a Map keeps insertion order.
    if (renderedPosters.size > RENDERED_POSTERS_KEPT) {
      renderedPosters.delete(renderedPosters.keys().next().value as string);
    }
  }
  return rendered;
}

/** The A4 poster as a page for the browser's print dialog: always one page, whatever the name's length. */
export function posterHtml(content: PosterContent): string {
  const steps = SCANNING_STEPS.map((step) => `<li>${escapeMarkup(step)}</li>`).join("");
  // Heights in mm with the line heights set below; the QR code takes what is left (at most 150 mm).
  const name = nameLayout(content.venueName, 180, [12, 10, 8.5, 7.5]);
  const nameHeight = name.lines.length * name.size * 1.2;
  const stepLines = SCANNING_STEPS.reduce((n, step) => n + Math.ceil([...step].length / 29), 0);
  const fixed = 38 + (6 + 18.5) + 6 + (1 + stepLines * 8.25) + 21 + 12;
  const qr = Math.max(100, Math.min(150, Math.floor(297 - fixed - nameHeight)));
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>场所码 · ${escapeMarkup(content.venueName)}</title>
<style>
  @page { size: A4; margin: 0; }
  * { box-sizing: border-box; }
  html, body { margin: 0; }
  body { font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif; color: #111; background: #e9ecea; }
  .sheet { width: 210mm; height: 297mm; overflow: hidden; margin: 0 auto; background: #fff; display: flex; flex-direction: column; align-items: center; }
  header { width: 100%; background: ${GREEN}; color: #fff; text-align: center; padding: 7mm 0 4mm; }
  header h1 { margin: 0; font-size: 16mm; line-height: 1.1; letter-spacing: 4mm; }
  header p { margin: 1.5mm 0 0; font-size: 5.5mm; line-height: 1.4; }
  .venue { text-align: center; padding: 6mm 15mm 0; width: 100%; }
  .venue h2 { margin: 0; font-size: ${name.size}mm; line-height: 1.2; word-break: break-all; }
  .venue p { margin: 1.5mm 0 0; font-size: 6mm; line-height: 1.4; color: #333; }
  .venue .place { font-size: 5mm; color: #444; }
  .qr { width: ${qr}mm; height: ${qr}mm; margin: 3mm 0; flex: none; }
  .qr svg { width: 100%; height: 100%; display: block; }
  ol { width: 176mm; margin: 1mm 0 0; padding-left: 8mm; font-size: 5.5mm; line-height: 1.5; }
  footer { margin-top: auto; width: 100%; background: #f1f5f2; text-align: center; padding: 3mm 0; font-size: 4.5mm; line-height: 1.5; color: #333; }
  footer .code { display: block; color: #1a1a1a; font-size: 5.5mm; font-weight: 700; letter-spacing: 0.3mm; }
  .print { position: fixed; right: 6mm; bottom: 6mm; font-size: 18px; padding: 12px 20px; background: ${GREEN}; color: #fff; border: 0; border-radius: 8px; }
  @media print { body { background: #fff; } .print { display: none; } }
</style>
</head>
<body>
<main class="sheet">
  <header><h1>场所码</h1><p>${escapeMarkup(content.cityName)} · 扫码登记 · 出示通行状态</p></header>
  <section class="venue">
    <h2>${escapeMarkup(content.venueName)}</h2>
    <p>${escapeMarkup(content.categoryName)} · ${escapeMarkup(content.regionName)}</p>
    <p class="place">${escapeMarkup(content.place)}</p>
  </section>
  <div class="qr" role="img" aria-label="场所码二维码">${qrSvg(content.url)}</div>
  <ol>${steps}</ol>
  <footer>${PRIVACY_LINE} · 请张贴在入口醒目位置<span class="code">编号 ${escapeMarkup(content.code)}</span></footer>
</main>
<button class="print" type="button" onclick="window.print()">打印海报</button>
</body>
</html>`;
}

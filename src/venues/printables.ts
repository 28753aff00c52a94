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

export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { errorCorrectionLevel: "M", margin: 4, width: 1024, type: "png" });
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

/** The A4 poster (1240 × 1754 px, 150 dpi) as SVG, the source of poster.png. */
export function posterSvg(content: PosterContent): string {
  const width = 1240;
  const qrWidth = 886;
  const { size, path } = qrPath(content.url);
  const moduleSize = qrWidth / (size + 8);
  const nameLines = wrap(content.venueName, 16, 3);
  const nameSize = nameLines.length > 1 ? 60 : 72;
  let y = 300;
  const parts: string[] = [
    `<rect width="${width}" height="1754" fill="#fff"/>`,
    `<rect width="${width}" height="220" fill="${GREEN}"/>`,
    `<text x="620" y="130" font-size="96" font-weight="700" fill="#fff" text-anchor="middle">场所码</text>`,
    `<text x="620" y="190" font-size="36" fill="#fff" text-anchor="middle">${escapeMarkup(content.cityName)} · 扫码登记 · 出示通行状态</text>`,
  ];
  for (const line of nameLines) {
    parts.push(
      `<text x="620" y="${y}" font-size="${nameSize}" font-weight="700" fill="#111" text-anchor="middle">${escapeMarkup(line)}</text>`,
    );
    y += nameSize + 14;
  }
  parts.push(
    `<text x="620" y="${y + 10}" font-size="38" fill="#333" text-anchor="middle">${escapeMarkup(`${content.categoryName} · ${content.regionName}`)}</text>`,
    `<text x="620" y="${y + 62}" font-size="30" fill="#555" text-anchor="middle">${escapeMarkup(wrap(content.place, 34, 1)[0] ?? "")}</text>`,
  );
  const qrTop = y + 100;
  parts.push(
    `<g transform="translate(${(width - qrWidth) / 2} ${qrTop}) scale(${moduleSize}) translate(4 4)" shape-rendering="crispEdges"><rect x="-4" y="-4" width="${size + 8}" height="${size + 8}" fill="#fff"/><path d="${path}" fill="#000"/></g>`,
  );
  let textY = qrTop + qrWidth + 70;
  for (const [index, step] of SCANNING_STEPS.entries()) {
    for (const [lineIndex, line] of wrap(step, 30, 3).entries()) {
      const prefix = lineIndex === 0 ? `${index + 1}. ` : "    ";
      parts.push(`<text x="110" y="${textY}" font-size="34" fill="#111">${escapeMarkup(prefix + line)}</text>`);
      textY += 48;
    }
    textY += 8;
  }
  parts.push(
    `<rect y="1654" width="${width}" height="100" fill="#f1f5f2"/>`,
    `<text x="620" y="1700" font-size="28" fill="#333" text-anchor="middle">${PRIVACY_LINE} · 请张贴在入口醒目位置</text>`,
    `<text x="620" y="1738" font-size="22" fill="#777" text-anchor="middle">编号 ${escapeMarkup(content.code)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="1754" viewBox="0 0 ${width} 1754" font-family="${FONT_FAMILY}">${parts.join("")}</svg>`;
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

/** The A4 poster as a page for the browser's print dialog. */
export function posterHtml(content: PosterContent): string {
  const steps = SCANNING_STEPS.map((step) => `<li>${escapeMarkup(step)}</li>`).join("");
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>场所码 · ${escapeMarkup(content.venueName)}</title>
<style>
  @page { size: A4; margin: 0; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif; color: #111; background: #e9ecea; }
  .sheet { width: 210mm; min-height: 297mm; margin: 0 auto; background: #fff; display: flex; flex-direction: column; align-items: center; }
  header { width: 100%; background: ${GREEN}; color: #fff; text-align: center; padding: 10mm 0 6mm; }
  header h1 { margin: 0; font-size: 20mm; letter-spacing: 4mm; }
  header p { margin: 2mm 0 0; font-size: 6mm; }
  .venue { text-align: center; padding: 8mm 15mm 2mm; }
  .venue h2 { margin: 0; font-size: 12mm; line-height: 1.25; word-break: break-all; }
  .venue p { margin: 2mm 0 0; font-size: 6.5mm; color: #333; }
  .venue .place { font-size: 5mm; color: #555; }
  .qr { width: 150mm; height: 150mm; margin: 4mm 0; }
  .qr svg { width: 100%; height: 100%; }
  ol { width: 170mm; margin: 2mm 0 0; padding-left: 8mm; font-size: 6mm; line-height: 1.6; }
  footer { margin-top: auto; width: 100%; background: #f1f5f2; text-align: center; padding: 4mm 0; font-size: 4.5mm; color: #333; }
  footer small { display: block; color: #777; font-size: 3.5mm; }
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
  <footer>${PRIVACY_LINE} · 请张贴在入口醒目位置<small>编号 ${escapeMarkup(content.code)}</small></footer>
</main>
<button class="print" type="button" onclick="window.print()">打印海报</button>
</body>
</html>`;
}

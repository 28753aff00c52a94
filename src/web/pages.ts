import type { VenueCodeStatus } from "../venue-codes/lookup.js";
import { escapeMarkup } from "../venues/printables.js";

/** A page in the shared frame: Chinese, readable at phone width, scripts only from /assets. */
function page(options: { title: string; heading: string; body: string; script?: string; wide?: boolean }): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeMarkup(options.title)}</title>
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<header class="topbar"><h1>${escapeMarkup(options.heading)}</h1><span class="who" id="who"></span></header>
<main class="page${options.wide ? " page--wide" : ""}">
${options.body}
</main>
${options.script ? `<script type="module" src="/assets/${options.script}"></script>` : ""}
</body>
</html>`;
}

/** What a phone browser shows for a scanned venue code. */
export function landingPage(found: VenueCodeStatus, code: string, development: boolean): string {
  if (found.status === "invalid") {
    return page({
      title: "无效的场所码",
      heading: "场所码 · 安全提示",
      body: `<section class="notice notice--danger" role="alert">
<h2>这不是有效的场所码</h2>
<p>这个二维码不是本市场所码系统发放的，或已被篡改。请不要在此登记任何个人信息，并告知场所工作人员或拨打 <a href="tel:12345">12345</a> 热线反映。</p>
</section>`,
    });
  }
  if (found.status === "revoked") {
    const name = found.venueName ? `“${escapeMarkup(found.venueName)}”` : "这个场所";
    return page({
      title: "场所码已更换",
      heading: "场所码 · 安全提示",
      body: `<section class="notice notice--warn" role="alert">
<h2>这个场所码已停用</h2>
<p>${name}已更换了新的场所码，旧码不能再登记。请扫描门口张贴的最新场所码，或请工作人员帮助登记。</p>
<p>有疑问请拨打 <a href="tel:12345">12345</a> 热线。</p>
</section>`,
    });
  }
  const { venue } = found;
  const steps = [
    "打开微信，点右上角“+”，选择“扫一扫”。",
    "对准门口张贴的场所码扫码，在“场所码”小程序中确认登记。",
    "把手机上的通行卡出示给工作人员查验。",
  ]
    .map((step) => `<li>${step}</li>`)
    .join("");
  const devCheckIn = development
    ? `<section class="card">
<h2>开发测试：在浏览器中签到</h2>
<p class="muted">仅在开发环境显示。填写测试人员的信息，登录并签到，查看与小程序相同的通行卡。</p>
<form class="stack" id="dev-check-in" data-code="${escapeMarkup(code)}">
<div class="field"><label for="dev-name">姓名</label><input id="dev-name" name="name" required autocomplete="name" maxlength="30"></div>
<div class="field"><label for="dev-id">身份证号</label><input id="dev-id" name="idNumber" required inputmode="text" maxlength="18" autocomplete="off"></div>
<div class="field"><label for="dev-phone">手机号</label><input id="dev-phone" name="phone" required inputmode="tel" maxlength="11" autocomplete="tel"></div>
<p class="error" id="dev-error" role="alert"></p>
<button type="submit">登录并签到</button>
</form>
</section>`
    : "";
  return page({
    title: `${venue.name} · 场所码`,
    heading: "场所码 · 扫码登记",
    body: `<section class="card">
<h2 class="venue-name">${escapeMarkup(venue.name)}</h2>
<p class="muted">${escapeMarkup(venue.regionName)} · ${escapeMarkup(venue.categoryName)}</p>
</section>
<div id="passes" aria-live="polite"></div>
<section class="card">
<h2>请用微信扫码登记</h2>
<p>您是用浏览器或手机相机扫的码。登记要在微信里完成：</p>
<p><a class="button button--wide" href="weixin://dl/scan">打开微信扫一扫</a></p>
<ol class="steps">${steps}</ol>
<p class="muted">没有智能手机的老人和孩子，可由家人添加为随行人员一起登记，或请门口工作人员代为登记。遇到问题可拨打 <a href="tel:12345">12345</a> 热线。</p>
</section>
${devCheckIn}`,
    script: development ? "landing.js" : undefined,
  });
}

export function chatPage(development: boolean): string {
  const devSignIn = development
    ? `<form class="row hidden" id="dev-sign-in">
<div class="field"><label for="dev-name">开发测试：直接登录的用户名</label><input id="dev-name" name="name" maxlength="32" autocomplete="off"></div>
<button type="submit" class="secondary">测试登录</button>
</form>`
    : "";
  return page({
    title: "场所码小助手",
    heading: "场所码小助手",
    body: `<section class="card">
<div class="chat-log" id="chat-log" role="log" aria-live="polite" aria-label="对话记录" tabindex="0"></div>
</section>
<section class="card sign-in hidden" id="chat-sign-in" aria-labelledby="chat-sign-in-title">
<h2 id="chat-sign-in-title">登录后继续</h2>
<p>请用微信扫一扫下面的二维码，在“场所码”小程序里点“确认”，这里会自动登录。</p>
<img id="sign-in-qr" class="sign-in__qr" alt="登录二维码" width="200" height="200">
<p class="muted" id="sign-in-status" role="status"></p>
${devSignIn}
</section>
<div class="row quick-replies">
<button type="button" class="secondary" data-say="申领场所码">申领场所码</button>
<button type="button" class="secondary" data-say="添加随行人员">添加随行人员</button>
<button type="button" class="secondary" data-say="转人工">转人工</button>
</div>
<form class="row" id="chat-form">
<div class="field"><label for="chat-text">输入消息</label><input id="chat-text" name="text" maxlength="500" autocomplete="off"></div>
<button type="submit">发送</button>
</form>`,
    script: "chat.js",
  });
}

/** What a sign-in link or staff invitation opens outside WeChat: they work only in the mini-program. */
export function openInWeChatPage(what: "sign-in" | "invite"): string {
  const task = what === "sign-in" ? "确认登录" : "接受工作人员邀请";
  return page({
    title: "请在微信中打开",
    heading: "场所码",
    body: `<section class="notice" role="status">
<h2>请在微信中打开</h2>
<p>这个链接需要在“场所码”小程序里${task}。请用微信“扫一扫”扫描二维码，或把链接发到微信里点开。</p>
</section>`,
  });
}

export function consolePage(): string {
  return page({
    title: "场所码管理后台",
    heading: "场所码管理后台",
    wide: true,
    body: `<section class="card sign-in" id="sign-in">
<h2>工作人员登录</h2>
<p class="notice notice--warn" id="sign-in-notice" role="status"></p>
<form class="stack" id="sign-in-form">
<div class="field"><label for="username">用户名</label><input id="username" name="username" required autocomplete="username"></div>
<div class="field"><label for="password">密码</label><input id="password" name="password" type="password" required autocomplete="current-password"></div>
<p class="error" id="sign-in-error" role="alert"></p>
<button type="submit">登录</button>
</form>
</section>
<div id="workspace" class="hidden">
<div class="row toolbar">
<nav class="tabs" id="tabs" aria-label="功能"></nav>
<button type="button" class="secondary" id="sign-out">退出登录</button>
</div>
<div id="section"></div>
</div>`,
    script: "console.js",
  });
}

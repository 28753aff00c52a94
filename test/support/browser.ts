import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import sparticuzChromium, { inflate } from "@sparticuz/chromium";
import { type Browser, chromium, type Page } from "playwright-core";
import { findOnPath } from "../../src/infra/redis.js";

export type ChromiumSource = "CHROMIUM_PATH" | "PATH" | "npm";

const require = createRequire(import.meta.url);

/**
 * A fontconfig file that adds Noto Sans SC, installed with the npm packages, to whatever fonts the
 * machine has: Chinese renders even where no CJK font is installed, in any element.
 */
function fontConfig(extraDirs: string[]): string {
  const notoSansSc = dirname(
    dirname(require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf")),
  );
  const dir = join(tmpdir(), "venue-code-fonts");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "fonts.conf");
  const dirs = [notoSansSc, ...extraDirs].map((path) => `  <dir>${path}</dir>`).join("\n");
  writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n${dirs}\n  <cachedir>${join(dir, "cache")}</cachedir>\n</fontconfig>\n`,
  );
  return file;
}

/**
 * The Chromium for the browser tests: CHROMIUM_PATH when set; else `chromium` on PATH (Debian's
 * package is /usr/bin/chromium); else the headless Chromium shipped inside the @sparticuz/chromium
 * npm package, unpacked into the temporary directory on first use (nothing is downloaded), with
 * the NSS libraries it ships on LD_LIBRARY_PATH, so it needs only libc from the machine.
 */
export async function launchChromium(): Promise<{ browser: Browser; source: ChromiumSource }> {
  const configured = process.env.CHROMIUM_PATH;
  const onPath = configured ? undefined : findOnPath("chromium");
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  let executablePath: string;
  let source: ChromiumSource;
  if (configured) {
    executablePath = configured;
    source = "CHROMIUM_PATH";
  } else if (onPath) {
    executablePath = onPath;
    source = "PATH";
  } else {
    executablePath = await sparticuzChromium.executablePath();
    const bin = join(dirname(require.resolve("@sparticuz/chromium")), "..", "bin");
    const libraries = join(await inflate(join(bin, "al2023.tar.br")), "lib");
    env.LD_LIBRARY_PATH = [libraries, env.LD_LIBRARY_PATH].filter(Boolean).join(":");
    source = "npm";
  }
  env.FONTCONFIG_FILE = fontConfig(source === "npm" ? [join(tmpdir(), "fonts")] : []);
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"], env });
  return { browser, source };
}

/** Opens the console at `baseUrl` and signs an official in, as they would. */
export async function signInConsole(page: Page, baseUrl: string, username: string, password: string) {
  await page.goto(`${baseUrl}/console`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

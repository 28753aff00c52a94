import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { FanoutWorker } from "../../src/exposures/fanout.js";
import { launchChromium, signInConsole } from "./browser.js";
import { listen } from "./sse.js";
import { fanoutOptions, type useTestStores } from "./stores.js";

/**
 * For a browser test file: Chromium, the service under test listening on a port, and the worker
 * that sends exposure alerts, started before the file's tests and stopped after them.
 */
export function useServedBrowser(stores: ReturnType<typeof useTestStores>) {
  const served = {
    browser: undefined as unknown as Browser,
    url: "",
    /** Opens the console and signs an official in, as they would. */
    signInConsole: (page: Page, username: string, password: string) =>
      signInConsole(page, served.url, username, password),
  };
  let server: { url: string; close: () => void } | undefined;
  let worker: FanoutWorker | undefined;
  beforeAll(async () => {
    ({ browser: served.browser } = await launchChromium());
    server = await listen(stores.app);
    served.url = server.url;
    worker = new FanoutWorker({ ...fanoutOptions(stores), claimIdleMs: 1000 });
    await worker.start();
  }, 60_000);
  afterAll(async () => {
    await served.browser?.close();
    await worker?.stop();
    server?.close();
  });
  return served;
}

import { afterAll, beforeAll } from "vitest";
import { api, barberShop } from "../support/api.js";
import { listen } from "../support/sse.js";
import type { useTestStores } from "../support/stores.js";

export { installDom, installWx, renderPage } from "./simulate.js";

/**
 * The service under test listening on a port for the pages' wx.request, with one barber shop
 * registered by a verified owner (person number `n`) for pages to open.
 */
export function useServedApp(stores: ReturnType<typeof useTestStores>, owner: string, n: number) {
  const served = { url: "", shop: { id: "", code: "" }, close: () => {} };
  beforeAll(async () => {
    const server = await listen(stores.app);
    Object.assign(served, { url: server.url, close: () => server.close() });
    const { http, signInVerified } = api(stores.app);
    const auth = await signInVerified(owner, n);
    served.shop = (await http().post("/api/venues").set(auth).send(barberShop())).body;
  });
  afterAll(() => served.close());
  return served;
}

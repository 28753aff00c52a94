import { randomUUID } from "node:crypto";
import { checkCharacter } from "../../src/identity/resident-id.js";
import { inBatches, runLoad, startBenchService, startScript } from "./support.js";

/**
 * npm run -s bench:scan — check-ins per second through the whole scan path (token, venue look-up,
 * repeat check, visit write, pass status) against a bare Koa "hello" on the same machine.
 * Prints one JSON line: {"scansPerSec", "p99Ms", "bareKoaPerSec", "ratio"}.
 */
const RESIDENTS = 5000;
const VENUES = 1000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const CATEGORIES = ["supermarket", "bar-restaurant", "service-venue", "farmers-market", "commercial-complex"];
const REGIONS = ["320902", "320903", "320904", "320924", "320981"];

function residentId(n: number): string {
  const first17 = `320902${1950 + Math.floor(n / 1000)}0101${String(n % 1000).padStart(3, "0")}`;
  return first17 + checkCharacter(first17);
}

async function post(url: string, body: unknown, token?: string) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

async function put(url: string, body: unknown, token: string) {
  const response = await fetch(url, {
    method: "PUT",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
}

const service = await startBenchService();
const bare = await startScript("scripts/bench/bare-koa.ts");
try {
  // Residents' identity numbers must differ: people are told apart by them. 5000 distinct numbers
  // come from five birth years × 1000 sequence numbers.
  const tokens = await inBatches(RESIDENTS, 16, async (i) => {
    const { token } = (await post(`${service.url}/api/auth/wechat`, { code: `dev:bench-${i}` })) as { token: string };
    await put(
      `${service.url}/api/me/identity`,
      { name: "测试居民", idNumber: residentId(i), phone: `139${String(i).padStart(8, "0")}` },
      token,
    );
    return token;
  });
  const codes = await inBatches(VENUES, 16, async (i) => {
    const venue = await post(
      `${service.url}/api/venues`,
      {
        name: `压测场所${i}`,
        categoryId: CATEGORIES[i % CATEGORIES.length],
        regionCode: REGIONS[i % REGIONS.length],
        address: `盐城市测试路${i}号`,
        contactPhone: "13800000000",
      },
      tokens[i % RESIDENTS],
    );
    return venue.code as string;
  });

  // Request n is resident n mod 5000 at a venue that resident has not visited in the last ten
  // minutes, so nearly every request records a new visit rather than repeating one.
  let n = 0;
  const scans = await runLoad({
    url: service.url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: "POST",
        path: "/api/scans",
        setupRequest: (request) => {
          const i = n++;
          const resident = i % RESIDENTS;
          const round = Math.floor(i / RESIDENTS);
          const venue = (resident * 7 + round * 13) % VENUES;
          return {
            ...request,
            headers: { "content-type": "application/json", authorization: `Bearer ${tokens[resident]}` },
            body: JSON.stringify({ code: codes[venue], requestId: randomUUID() }),
          };
        },
      },
    ],
  });
  const hello = await runLoad({ url: bare.url, connections: CONNECTIONS, duration: SECONDS });
  const scansPerSec = Math.round(scans.requests.average);
  const bareKoaPerSec = Math.round(hello.requests.average);
  const failures = scans.non2xx + scans.errors;
  process.stdout.write(
    `${JSON.stringify({
      scansPerSec,
      p99Ms: scans.latency.p99,
      bareKoaPerSec,
      ratio: Number((scansPerSec / bareKoaPerSec).toFixed(3)),
      requests: scans.requests.total,
      failures,
    })}\n`,
  );
} finally {
  await Promise.all([service.stop(), bare.stop()]);
}

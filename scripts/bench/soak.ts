import { nthScan, rssMb, runLoad, seedTown, startBenchService } from "./support.js";

/**
 * npm run -s bench:soak — mixed traffic against the service on the embedded stores for
 * BENCH_SECONDS (default 60): 80% check-ins, 15% reads (own visits, a venue code, own profile),
 * 5% chat. Prints one JSON line {requests, errors, p50Ms, p99Ms, rssStartMb, rssEndMb, rssSamplesMb}:
 * the service's memory is sampled every 5 s, so a growing trend shows.
 */
const RESIDENTS = 2000;
const VENUES = 500;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

const service = await startBenchService();
try {
  const town = await seedTown(service.url, RESIDENTS, VENUES, service.signInCode);
  const { tokens, codes } = town;
  const pid = service.child.pid as number;
  const rssStartMb = await rssMb(pid);
  const samples = [rssStartMb];
  const sampler = setInterval(() => {
    rssMb(pid).then(
      (mb) => samples.push(mb),
      () => undefined,
    );
  }, 5000);

  let n = 0;
  const result = await runLoad({
    url: service.url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (request) => {
          const i = n++;
          const resident = i % RESIDENTS;
          const headers = { "content-type": "application/json", authorization: `Bearer ${tokens[resident]}` };
          const kind = i % 20;
          if (kind === 0) {
            return {
              ...request,
              method: "POST",
              path: "/api/chat",
              headers,
              body: JSON.stringify({ sessionId: `soak-session-${resident}`, text: "场所码贴在哪里" }),
            };
          }
          if (kind <= 3) {
            const paths = ["/api/me/visits", `/api/venue-codes/${codes[i % VENUES]}`, "/api/me"];
            return { ...request, method: "GET", path: paths[kind - 1], headers, body: undefined };
          }
          return { ...request, ...nthScan(i, town) };
        },
      },
    ],
  });
  clearInterval(sampler);
  const rssEndMb = await rssMb(pid);
  process.stdout.write(
    `${JSON.stringify({
      requests: result.requests.total,
      errors: result.non2xx + result.errors + result.timeouts,
      errorsByStatus: Object.fromEntries(
        Object.entries(result.statusCodeStats ?? {})
          .filter(([status]) => !status.startsWith("2"))
          .map(([status, { count }]) => [status, count]),
      ),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      rssStartMb,
      rssEndMb,
      rssSamplesMb: samples,
    })}\n`,
  );
} finally {
  await service.stop();
}

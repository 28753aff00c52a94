import {
  mainThreadCpuMs,
  nthScan,
  runLoad,
  seedTown,
  startBenchService,
  startScript,
  usPerRequest,
} from "./support.js";

/**
 * npm run -s bench:scan — check-ins per second through the whole scan path (token, venue look-up,
 * repeat check, visit write, pass status) against a bare Koa "hello" on the same machine, and, for
 * scale, against Koa doing nothing but one durable insert into the embedded MongoDB.
 * Prints one JSON line: {"scansPerSec", "p99Ms", "bareKoaPerSec", "ratio", "oneWriteKoaPerSec", ...}, and
 * the figure that carries over to other machines: request-thread time per accepted scan, `apiUsPerScan`
 * (the API thread's event-loop utilisation × wall time ÷ scans answered 2xx, from
 * performance.eventLoopUtilization()), next to the same for a bare Koa hello, `apiUsPerHello`; and the
 * API thread's CPU time per scan and per hello (`apiCpuUsPerScan`, `apiCpuUsPerHello`, from /proc on
 * Linux), which waiting for a core on a busy machine does not inflate.
 */
const RESIDENTS = 5000;
const VENUES = 1000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

const service = await startBenchService();
const bare = await startScript("scripts/bench/bare-koa.ts");
try {
  const town = await seedTown(service.url, RESIDENTS, VENUES, service.signInCode);
  let n = 0;
  const scanLoopBefore = await service.eventLoop();
  const scanCpuBefore = await mainThreadCpuMs(service.child.pid ?? 0);
  const scans = await runLoad({
    url: service.url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (request) => ({ ...request, ...nthScan(n++, town) }),
      },
    ],
  });
  const scanLoopAfter = await service.eventLoop();
  const scanCpuAfter = await mainThreadCpuMs(service.child.pid ?? 0);
  const helloLoopBefore = await bare.eventLoop();
  const helloCpuBefore = await mainThreadCpuMs(bare.child.pid ?? 0);
  const hello = await runLoad({ url: bare.url, connections: CONNECTIONS, duration: SECONDS });
  const helloLoopAfter = await bare.eventLoop();
  const helloCpuAfter = await mainThreadCpuMs(bare.child.pid ?? 0);
  // Started only now, so that its embedded MongoDB thread takes no CPU from the runs above.
  const oneWrite = await startScript("scripts/bench/one-write-koa.ts");
  const inserts = await runLoad({ url: oneWrite.url, connections: CONNECTIONS, duration: SECONDS }).finally(() =>
    oneWrite.stop(),
  );
  const scansPerSec = Math.round(scans.requests.average);
  const bareKoaPerSec = Math.round(hello.requests.average);
  const failures = scans.non2xx + scans.errors;
  process.stdout.write(
    `${JSON.stringify({
      scansPerSec,
      p99Ms: scans.latency.p99,
      bareKoaPerSec,
      ratio: Number((scansPerSec / bareKoaPerSec).toFixed(3)),
      apiUsPerScan: usPerRequest(scanLoopBefore, scanLoopAfter, scans["2xx"]),
      apiUsPerHello: usPerRequest(helloLoopBefore, helloLoopAfter, hello["2xx"]),
      apiCpuUsPerScan: usPerRequest({ active: scanCpuBefore }, { active: scanCpuAfter }, scans["2xx"]),
      apiCpuUsPerHello: usPerRequest({ active: helloCpuBefore }, { active: helloCpuAfter }, hello["2xx"]),
      oneWriteKoaPerSec: Math.round(inserts.requests.average),
      requests: scans.requests.total,
      failures,
    })}\n`,
  );
} finally {
  await Promise.all([service.stop(), bare.stop()]);
}

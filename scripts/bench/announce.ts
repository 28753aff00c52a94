import type { Server } from "node:http";
import type Koa from "koa";

/**
 * Starts a benchmark's reference server on a free loopback port and prints its URL as the JSON line
 * `startScript` waits for; SIGTERM closes it, then runs `cleanUp`.
 */
export function listenAndAnnounce(app: Koa, cleanUp: () => Promise<void> = async () => undefined): Server {
  const server = app.listen(0, "127.0.0.1", () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    process.stdout.write(`${JSON.stringify({ msg: "listening", url: `http://127.0.0.1:${port}` })}\n`);
  });
  process.once("SIGTERM", () =>
    server.close(async () => {
      await cleanUp();
      process.exit(0);
    }),
  );
  return server;
}

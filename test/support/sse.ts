import http from "node:http";
import type { AddressInfo } from "node:net";
import type Koa from "koa";

/** The app on a loopback port, for clients (EventSource streams) that need a real socket. */
export async function listen(app: Koa): Promise<{ url: string; close: () => void }> {
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * Reads a server-sent-events stream: `opened` resolves once connected, `events` once `enough`
 * says so (or the stream ends), with every `name` event's data parsed.
 */
export function readEvents(url: string, name: string, enough: (events: unknown[]) => boolean) {
  const events: unknown[] = [];
  let request: http.ClientRequest | undefined;
  let markOpened: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    markOpened = resolve;
  });
  const done = new Promise<unknown[]>((resolve, reject) => {
    request = http.get(url, (res) => {
      if (res.statusCode !== 200) reject(new Error(`stream answered ${res.statusCode}`));
      let buffer = "";
      res.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        if (buffer.includes(": connected")) markOpened();
        const blocks = buffer.split("\n\n");
        buffer = blocks.pop() ?? "";
        for (const block of blocks) {
          const data = block.split("\n").find((line) => line.startsWith("data: "));
          if (block.includes(`event: ${name}`) && data) events.push(JSON.parse(data.slice(6)));
        }
        if (enough(events)) resolve(events);
      });
      res.on("end", () => resolve(events));
    });
    request.on("error", reject);
  });
  return { events: done, opened, close: () => request?.destroy() };
}

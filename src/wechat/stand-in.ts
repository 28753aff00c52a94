import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedSend {
  touser: string;
  template_id: string;
  page: string;
  data: Record<string, { value: string }>;
}

export interface WeChatStandIn {
  url: string;
  /** Subscribe messages accepted, in order. */
  sends: RecordedSend[];
  tokensIssued: number;
  /** Openids for which sends answer "system busy" (-1) the given number of times. */
  busyFor: Map<string, number>;
  /**
   * The real-name check (POST /real-name/verify {name, idNumber} → {match}): a number registered
   * here matches only its name; any other number matches any name. Set `realNameDown` to answer 503.
   */
  realNames: Map<string, string>;
  realNameDown: boolean;
  stop(): Promise<void>;
}

function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => resolve(body ? (JSON.parse(body) as Record<string, unknown>) : {}));
  });
}

/**
 * A local stand-in for WeChat's server API, on loopback, for tests and demos: jscode2session
 * (code "good-<x>" belongs to openid "openid-<x>"), access tokens, and subscribe messages, which it
 * records instead of delivering; and for the provincial real-name check (IDENTITY_PROVIDER_URL =
 * <stand-in>/real-name/verify).
 */
export async function startWeChatStandIn(port = 0): Promise<WeChatStandIn> {
  const tokens = new Set<string>();
  const standIn = {
    url: "",
    sends: [] as RecordedSend[],
    tokensIssued: 0,
    busyFor: new Map<string, number>(),
    realNames: new Map<string, string>(),
    realNameDown: false,
  };
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://stand-in");
    const reply = (body: unknown) => {
      response.setHeader("Content-Type", "application/json");
      response.end(JSON.stringify(body));
    };
    if (url.pathname === "/sns/jscode2session") {
      const code = url.searchParams.get("js_code") ?? "";
      return reply(
        code.startsWith("good-")
          ? { openid: `openid-${code.slice(5)}`, session_key: "stand-in" }
          : { errcode: 40029, errmsg: "invalid code" },
      );
    }
    if (url.pathname === "/cgi-bin/token") {
      const token = `stand-in-token-${++standIn.tokensIssued}`;
      tokens.add(token);
      return reply({ access_token: token, expires_in: 7200 });
    }
    if (url.pathname === "/cgi-bin/message/subscribe/send" && request.method === "POST") {
      if (!tokens.has(url.searchParams.get("access_token") ?? ""))
        return reply({ errcode: 40001, errmsg: "invalid credential" });
      const message = (await readJson(request)) as unknown as RecordedSend;
      const busy = standIn.busyFor.get(message.touser) ?? 0;
      if (busy > 0) {
        standIn.busyFor.set(message.touser, busy - 1);
        return reply({ errcode: -1, errmsg: "system busy" });
      }
      standIn.sends.push(message);
      return reply({ errcode: 0, errmsg: "ok" });
    }
    if (url.pathname === "/real-name/verify" && request.method === "POST") {
      if (standIn.realNameDown) {
        response.statusCode = 503;
        return reply({ error: "unavailable" });
      }
      const { name, idNumber } = (await readJson(request)) as { name?: string; idNumber?: string };
      const registered = standIn.realNames.get(String(idNumber));
      return reply({ match: registered === undefined || registered === name });
    }
    response.statusCode = 404;
    reply({ errcode: 404, errmsg: "not part of the stand-in" });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...standIn,
    get sends() {
      return standIn.sends;
    },
    get tokensIssued() {
      return standIn.tokensIssued;
    },
    get realNameDown() {
      return standIn.realNameDown;
    },
    set realNameDown(down: boolean) {
      standIn.realNameDown = down;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

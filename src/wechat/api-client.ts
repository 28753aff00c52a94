/**
 * WeChat's server API for what the service sends: subscribe messages (订阅消息) to residents who
 * agreed to receive alerts. The access token is cached until shortly before it expires and
 * refreshed by one request at a time.
 */
const TIMEOUT_MS = 5000;
const TOKEN_MARGIN_MS = 5 * 60 * 1000;
const EXPIRED_TOKEN_CODES = new Set([40001, 40014, 42001]);

export class WeChatSendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export class WeChatApi {
  private token: { value: string; expiresAt: number } | null = null;
  private refreshing: Promise<string> | null = null;

  constructor(
    private readonly apiBase: string,
    private readonly appId: string,
    private readonly secret: string,
  ) {}

  async accessToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.token && Date.now() < this.token.expiresAt) return this.token.value;
    this.refreshing ??= this.fetchToken().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async fetchToken(): Promise<string> {
    const url = new URL(`${this.apiBase}/cgi-bin/token`);
    url.search = new URLSearchParams({
      grant_type: "client_credential",
      appid: this.appId,
      secret: this.secret,
    }).toString();
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = (await response.json()) as { access_token?: string; expires_in?: number; errcode?: number };
    if (!body.access_token) throw new WeChatSendError(`WeChat refused an access token (errcode ${body.errcode})`, true);
    this.token = {
      value: body.access_token,
      expiresAt: Date.now() + (body.expires_in ?? 7200) * 1000 - TOKEN_MARGIN_MS,
    };
    return body.access_token;
  }

  /** Sends one subscribe message; an expired token is refreshed and the send tried once more. */
  async sendSubscribeMessage(message: {
    openid: string;
    templateId: string;
    page: string;
    data: Record<string, { value: string }>;
  }) {
    for (const forceRefresh of [false, true]) {
      const token = await this.accessToken(forceRefresh);
      let body: { errcode?: number; errmsg?: string };
      try {
        const response = await fetch(
          `${this.apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`,
          {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({
              touser: message.openid,
              template_id: message.templateId,
              page: message.page,
              data: message.data,
            }),
            signal: AbortSignal.timeout(TIMEOUT_MS),
          },
        );
        body = (await response.json()) as typeof body;
      } catch (error) {
        throw new WeChatSendError(`WeChat did not answer: ${(error as Error).message}`, true);
      }
      if (!body.errcode) return;
      if (EXPIRED_TOKEN_CODES.has(body.errcode) && !forceRefresh) continue;
      // -1 is WeChat's "system busy"; anything else (43101 not subscribed, 47003 bad data) will not improve.
      throw new WeChatSendError(
        `WeChat refused the message (errcode ${body.errcode} ${body.errmsg ?? ""})`,
        body.errcode === -1,
      );
    }
  }
}

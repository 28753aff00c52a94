import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";

/**
 * The service's settings, read once from the environment and validated. A bad value stops
 * start-up with one line per variable (see `formatConfigErrors`), never a stack trace.
 */

/** Secrets: generated and kept under DATA_DIR outside production; required in production. */
export const SECRET_NAMES = [
  "JWT_SECRET",
  "IDENTITY_HASH_KEY",
  "IDENTITY_ENCRYPTION_KEY",
  "VENUE_CODE_SECRET",
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

const secret = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "expected 64 hexadecimal characters (32 random bytes; `openssl rand -hex 32`)");

const port = z
  .string()
  .regex(/^\d{1,5}$/, "expected a whole number from 0 to 65535")
  .transform(Number)
  .refine((value) => value <= 65535, "expected a whole number from 0 to 65535");

const positiveInteger = (fallback: number) =>
  z.string().regex(/^\d+$/, "expected a whole number").transform(Number).default(fallback);

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: port.default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: "expected an http(s) URL such as https://venue.example.gov.cn" })
    .optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, "expected a MongoDB connection string (mongodb://... or mongodb+srv://...)")
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, "expected a Redis URL (redis://... or rediss://...)")
    .optional(),
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(
      /^[\w.-]+:\d{1,5}(,[\w.-]+:\d{1,5})*$/,
      "expected the cluster's nodes as host:port, separated by commas (10.0.0.1:6379,10.0.0.2:6379)",
    )
    .transform((list) =>
      list.split(",").map((node) => {
        const at = node.lastIndexOf(":");
        return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
      }),
    )
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SHUTDOWN_TIMEOUT_MS: positiveInteger(10_000),
  JWT_SECRET: secret.optional(),
  IDENTITY_HASH_KEY: secret.optional(),
  IDENTITY_ENCRYPTION_KEY: secret.optional(),
  VENUE_CODE_SECRET: secret.optional(),
  TOKEN_TTL_SECONDS: positiveInteger(2 * 60 * 60),
  WECHAT_APPID: z
    .string()
    .regex(/^wx[0-9a-f]{16}$/, "expected a mini-program AppID such as wx0123456789abcdef")
    .optional(),
  WECHAT_SECRET: z
    .string()
    .regex(/^[0-9a-f]{32}$/, "expected the 32-character AppSecret")
    .optional(),
  WECHAT_API_BASE: z
    .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
    .default("https://api.weixin.qq.com"),
  WECHAT_ALERT_TEMPLATE_ID: z
    .string()
    .regex(/^[\w-]{10,64}$/, "expected a subscribe-message template id")
    .optional(),
  ADMIN_USERNAME: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{3,32}$/, "expected 3 to 32 letters, digits, dots, dashes or underscores")
    .optional(),
  ADMIN_PASSWORD: z
    .string()
    .min(12, "expected at least 12 characters")
    .max(128)
    .refine((password) => new Set(password).size >= 6, "expected at least 6 different characters")
    .optional(),
  REGIONS_FILE: z.string().min(1).optional(),
  RETENTION_DAYS: positiveInteger(28).refine((days) => days >= 1 && days <= 366, "expected 1 to 366 days"),
  SCAN_RATE_PER_USER_PER_MINUTE: positiveInteger(30),
  SCAN_RATE_PER_IP_PER_MINUTE: positiveInteger(3000),
  HEALTH_CODE_PROVIDER: z.enum(["builtin", "http"]).default("builtin"),
  HEALTH_CODE_URL: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).optional(),
  HEALTH_CODE_TIMEOUT_MS: positiveInteger(800),
  IDENTITY_PROVIDER: z.enum(["builtin", "http"]).default("builtin"),
  IDENTITY_PROVIDER_URL: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).optional(),
  IDENTITY_PROVIDER_TIMEOUT_MS: positiveInteger(1500),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|[1-9])$/, "expected false, true (one proxy) or the number of proxies in front (1 to 9)")
    .transform((value) => (value === "false" ? 0 : value === "true" ? 1 : Number(value)))
    .default(0),
  EXPOSURE_CONFIRM_THRESHOLD: positiveInteger(1000),
  EXPOSURE_CASE_BUFFER_MINUTES: positiveInteger(30),
  QUEUE_CLAIM_IDLE_SECONDS: positiveInteger(30),
  WECHATY_PUPPET: z
    .string()
    .regex(/^(@[\w-]+\/)?wechaty-puppet-[\w-]+$/, "expected a puppet package name such as wechaty-puppet-wechat4u")
    .optional(),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().min(1).optional(),
  WECHATY_NAME: z
    .string()
    .regex(/^[\w-]{1,64}$/)
    .default("venue-code-bot"),
});

export interface Config {
  nodeEnv: "development" | "test" | "production";
  port: number;
  host: string;
  publicBaseUrl: string;
  dataDir: string;
  mongodbUri: string | undefined;
  redisUrl: string | undefined;
  /** A Redis Cluster's seed nodes; when set, REDIS_URL is not used and no Redis is started. */
  redisClusterNodes: { host: string; port: number }[] | undefined;
  logLevel: string;
  shutdownTimeoutMs: number;
  tokenTtlSeconds: number;
  /** Present when sign-in goes through WeChat; absent, development sign-in (`dev:<name>`) is used. */
  wechat: { appId: string; secret: string } | undefined;
  wechatApiBase: string;
  /** The subscribe-message template used for alerts; with WeChat settings, alerts are also sent this way. */
  wechatAlertTemplateId: string | undefined;
  /** The first administrator, created at start-up if absent. */
  admin: { username: string; password: string } | undefined;
  /** A JSON file of the city's districts; Yancheng's is built in. */
  regionsFile: string | undefined;
  /** Visit records are deleted this many days after check-in. */
  retentionDays: number;
  scanRateLimits: { perUserPerMinute: number; perIpPerMinute: number };
  /** Where health-code colours come from: officials' settings here, or the provincial service. */
  healthCodes: { provider: "builtin" } | { provider: "http"; url: string; timeoutMs: number };
  /**
   * Who confirms that a name and an identity number belong together: the format and checksum only
   * (development), or the provincial real-name service.
   */
  identityProvider: { provider: "builtin" } | { provider: "http"; url: string; timeoutMs: number };
  /** How many proxies (load balancers) in front of the service add X-Forwarded-For; 0 trusts none. */
  trustedProxies: number;
  exposures: { confirmThreshold: number; caseBufferMinutes: number };
  /** A queued job a worker took but did not finish within this time is taken over by another worker. */
  queueClaimIdleMs: number;
  /** The WeChat bot: started with the service when a puppet is configured. */
  wechaty: { puppet: string | undefined; token: string | undefined; name: string };
  secrets: Record<SecretName, Buffer>;
  /** Where each secret came from, for the start-up log line (never the values). */
  secretSources: Record<SecretName, "environment" | "data-dir">;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

export function loadConfig(env: Record<string, string | undefined> = process.env): ConfigResult {
  // Empty variables count as unset, as most deployment tools write them.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = environmentSchema.safeParse(present);
  const missing = SECRET_NAMES.filter((name) => !present[name]);
  const missingInProduction = present.NODE_ENV === "production" ? productionProblems(present, missing) : [];
  const pairs: [string, string][] = [
    ["WECHAT_APPID", "WECHAT_SECRET"],
    ["ADMIN_USERNAME", "ADMIN_PASSWORD"],
  ];
  const healthCodeUrlMissing = [
    ...(present.HEALTH_CODE_PROVIDER === "http" && !present.HEALTH_CODE_URL
      ? ["HEALTH_CODE_URL: required when HEALTH_CODE_PROVIDER=http"]
      : []),
    ...(present.IDENTITY_PROVIDER === "http" && !present.IDENTITY_PROVIDER_URL
      ? ["IDENTITY_PROVIDER_URL: required when IDENTITY_PROVIDER=http"]
      : []),
  ];
  const unpaired = pairs
    .filter(([a, b]) => Boolean(present[a]) !== Boolean(present[b]))
    .map(([a, b]) => `${present[a] ? b : a}: required together with ${present[a] ? a : b}`);
  if (!parsed.success || missingInProduction.length > 0 || unpaired.length > 0 || healthCodeUrlMissing.length > 0) {
    const invalid = parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    return { ok: false, errors: [...invalid, ...missingInProduction, ...unpaired, ...healthCodeUrlMissing] };
  }
  const values = parsed.data;
  const dataDir = resolve(values.DATA_DIR);
  const stored: Partial<Record<SecretName, string>> = missing.length > 0 ? loadOrCreateStoredSecrets(dataDir) : {};
  const secrets = {} as Record<SecretName, Buffer>;
  const secretSources = {} as Record<SecretName, "environment" | "data-dir">;
  for (const name of SECRET_NAMES) {
    const hex = values[name] ?? stored[name];
    secrets[name] = Buffer.from(hex as string, "hex");
    secretSources[name] = values[name] ? "environment" : "data-dir";
  }
  return {
    ok: true,
    config: {
      nodeEnv: values.NODE_ENV,
      port: values.PORT,
      host: values.HOST,
      publicBaseUrl: (values.PUBLIC_BASE_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, ""),
      dataDir,
      mongodbUri: values.MONGODB_URI,
      redisUrl: values.REDIS_URL,
      redisClusterNodes: values.REDIS_CLUSTER_NODES,
      logLevel: values.LOG_LEVEL,
      shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
      tokenTtlSeconds: values.TOKEN_TTL_SECONDS,
      wechat:
        values.WECHAT_APPID && values.WECHAT_SECRET
          ? { appId: values.WECHAT_APPID, secret: values.WECHAT_SECRET }
          : undefined,
      wechatApiBase: values.WECHAT_API_BASE.replace(/\/+$/, ""),
      wechatAlertTemplateId: values.WECHAT_ALERT_TEMPLATE_ID,
      admin:
        values.ADMIN_USERNAME && values.ADMIN_PASSWORD
          ? { username: values.ADMIN_USERNAME, password: values.ADMIN_PASSWORD }
          : undefined,
      regionsFile: values.REGIONS_FILE,
      retentionDays: values.RETENTION_DAYS,
      scanRateLimits: {
        perUserPerMinute: values.SCAN_RATE_PER_USER_PER_MINUTE,
        perIpPerMinute: values.SCAN_RATE_PER_IP_PER_MINUTE,
      },
      healthCodes:
        values.HEALTH_CODE_PROVIDER === "http" && values.HEALTH_CODE_URL
          ? { provider: "http", url: values.HEALTH_CODE_URL, timeoutMs: values.HEALTH_CODE_TIMEOUT_MS }
          : { provider: "builtin" },
      identityProvider:
        values.IDENTITY_PROVIDER === "http" && values.IDENTITY_PROVIDER_URL
          ? { provider: "http", url: values.IDENTITY_PROVIDER_URL, timeoutMs: values.IDENTITY_PROVIDER_TIMEOUT_MS }
          : { provider: "builtin" },
      trustedProxies: values.TRUST_PROXY,
      exposures: {
        confirmThreshold: values.EXPOSURE_CONFIRM_THRESHOLD,
        caseBufferMinutes: values.EXPOSURE_CASE_BUFFER_MINUTES,
      },
      queueClaimIdleMs: values.QUEUE_CLAIM_IDLE_SECONDS * 1000,
      wechaty: { puppet: values.WECHATY_PUPPET, token: values.WECHATY_PUPPET_SERVICE_TOKEN, name: values.WECHATY_NAME },
      secrets,
      secretSources,
    },
  };
}

/**
 * What production may not run without: its secrets from the secret store, a real MongoDB and Redis
 * (the embedded and locally started stores are for development), and the provincial real-name
 * service (the built-in check accepts any name with any well-formed number).
 */
function productionProblems(present: Record<string, string | undefined>, missingSecrets: SecretName[]): string[] {
  return [
    ...missingSecrets.map(
      (name) => `${name}: required when NODE_ENV=production (64 hex characters; \`openssl rand -hex 32\`)`,
    ),
    ...(present.MONGODB_URI
      ? []
      : ["MONGODB_URI: required when NODE_ENV=production (the embedded MongoDB is for development only)"]),
    ...(present.REDIS_URL || present.REDIS_CLUSTER_NODES
      ? []
      : [
          "REDIS_URL: required when NODE_ENV=production, unless REDIS_CLUSTER_NODES is set (a locally started Redis is for development only)",
        ]),
    ...(present.IDENTITY_PROVIDER === "http"
      ? []
      : ["IDENTITY_PROVIDER: must be http when NODE_ENV=production (builtin checks only the number's format)"]),
  ];
}

const SECRETS_FILE = "secrets.json";

/** Development secrets, generated once and kept (mode 0600) so restarts keep tokens and hashes valid. */
function loadOrCreateStoredSecrets(dataDir: string): Record<SecretName, string> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, SECRETS_FILE);
  let stored: Partial<Record<SecretName, string>> = {};
  try {
    stored = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    stored = {};
  }
  const complete = SECRET_NAMES.every(
    (name) => typeof stored[name] === "string" && secret.safeParse(stored[name]).success,
  );
  if (!complete) {
    for (const name of SECRET_NAMES) {
      if (!(typeof stored[name] === "string" && secret.safeParse(stored[name]).success)) {
        stored[name] = randomBytes(32).toString("hex");
      }
    }
    writeFileSync(path, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  return stored as Record<SecretName, string>;
}

export function formatConfigErrors(errors: string[]): string {
  return [
    "Configuration error (fix these environment variables and start again):",
    ...errors.map((e) => `  ${e}`),
  ].join("\n");
}

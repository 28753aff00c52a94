import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, SECRET_NAMES } from "./config.js";

const tempDir = () => mkdtemp(join(tmpdir(), "config-test-"));

describe("loadConfig", () => {
  it("applies the documented defaults", async () => {
    const result = loadConfig({ DATA_DIR: await tempDir() });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.port).toBe(3000);
    expect(result.config.publicBaseUrl).toBe("http://localhost:3000");
    expect(result.config.nodeEnv).toBe("development");
    expect(result.config.mongodbUri).toBeUndefined();
  });

  it("derives PUBLIC_BASE_URL from PORT and drops a trailing slash from a given one", async () => {
    const dir = await tempDir();
    const derived = loadConfig({ DATA_DIR: dir, PORT: "8080" });
    expect(derived.ok && derived.config.publicBaseUrl).toBe("http://localhost:8080");
    const given = loadConfig({ DATA_DIR: dir, PUBLIC_BASE_URL: "https://venue.example.gov.cn/" });
    expect(given.ok && given.config.publicBaseUrl).toBe("https://venue.example.gov.cn");
  });

  it("names each bad variable and what it expects", () => {
    const result = loadConfig({
      PORT: "notaport",
      REDIS_URL: "localhost:6379",
      PUBLIC_BASE_URL: "ftp://x",
      LOG_LEVEL: "loud",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(4);
    expect(result.errors.find((e) => e.startsWith("PORT:"))).toContain("0 to 65535");
    expect(result.errors.find((e) => e.startsWith("REDIS_URL:"))).toContain("redis://");
    expect(result.errors.some((e) => e.startsWith("PUBLIC_BASE_URL:"))).toBe(true);
    expect(result.errors.some((e) => e.startsWith("LOG_LEVEL:"))).toBe(true);
  });

  it("reads a Redis Cluster's nodes from REDIS_CLUSTER_NODES, and names a malformed list", async () => {
    const dir = await tempDir();
    const result = loadConfig({ DATA_DIR: dir, REDIS_CLUSTER_NODES: "10.0.0.1:6379,redis-b.internal:7000" });
    expect(result.ok && result.config.redisClusterNodes).toEqual([
      { host: "10.0.0.1", port: 6379 },
      { host: "redis-b.internal", port: 7000 },
    ]);
    const bad = loadConfig({ DATA_DIR: dir, REDIS_CLUSTER_NODES: "redis://10.0.0.1:6379" });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.find((e) => e.startsWith("REDIS_CLUSTER_NODES:"))).toContain("host:port");
  });

  it("rejects a port above 65535", () => {
    const result = loadConfig({ PORT: "70000" });
    expect(result.ok).toBe(false);
  });

  it("requires every secret in production, without generating any", async () => {
    const dir = await tempDir();
    const result = loadConfig({ NODE_ENV: "production", DATA_DIR: dir });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const name of SECRET_NAMES) expect(result.errors.some((e) => e.startsWith(`${name}:`))).toBe(true);
    await expect(stat(join(dir, "secrets.json"))).rejects.toThrow();
  });

  it("rejects a secret that is not 32 bytes of hex, without echoing it", () => {
    const result = loadConfig({ JWT_SECRET: "short-and-secret" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatch(/^JWT_SECRET: expected 64 hexadecimal/);
    expect(result.errors.join()).not.toContain("short-and-secret");
  });

  it("outside production generates secrets once, with mode 0600, and keeps them across restarts", async () => {
    const dir = await tempDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    if (!first.ok || !second.ok) throw new Error("config should load");
    for (const name of SECRET_NAMES) {
      expect(first.config.secrets[name]).toHaveLength(32);
      expect(second.config.secrets[name].equals(first.config.secrets[name])).toBe(true);
    }
    expect((await stat(join(dir, "secrets.json"))).mode & 0o777).toBe(0o600);
    expect(first.config.secretSources.JWT_SECRET).toBe("data-dir");
  });

  it("prefers a secret from the environment over the stored one", async () => {
    const dir = await tempDir();
    const hex = "ab".repeat(32);
    const result = loadConfig({ DATA_DIR: dir, JWT_SECRET: hex });
    if (!result.ok) throw new Error("config should load");
    expect(result.config.secrets.JWT_SECRET.toString("hex")).toBe(hex);
    expect(result.config.secretSources.JWT_SECRET).toBe("environment");
    const stored = JSON.parse(await readFile(join(dir, "secrets.json"), "utf8"));
    expect(stored.JWT_SECRET).not.toBe(hex);
  });
});

describe("scan limits", () => {
  it("allows at least 1,200 scans a minute from one address by default, for shared Wi-Fi and carrier NAT", async () => {
    const result = loadConfig({ DATA_DIR: await tempDir() });
    if (!result.ok) throw new Error("config should load");
    expect(result.config.scanRateLimits.perIpPerMinute).toBeGreaterThanOrEqual(1200);
    expect(result.config.retentionDays).toBe(28);
  });

  it("needs HEALTH_CODE_URL for the http provider", () => {
    const result = loadConfig({ HEALTH_CODE_PROVIDER: "http" });
    expect(result.ok || result.errors).toEqual(["HEALTH_CODE_URL: required when HEALTH_CODE_PROVIDER=http"]);
  });
});

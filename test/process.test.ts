import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { describe, expect, it } from "vitest";

/** The service as an operator runs it: a real process, its environment, its exit code. */
function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { MONGODB_URI: _m, REDIS_URL: _r, ...inherited } = process.env;
  // No mongod can be downloaded here; say so up front instead of waiting for the download to fail.
  return { ...inherited, MONGOMS_RUNTIME_DOWNLOAD: "false", LOG_LEVEL: "info", ...extra };
}

function runToExit(command: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const startMain = ["--import", "tsx", "src/main.ts"];

interface Started {
  child: ChildProcess;
  url: string;
  mongoUri: string;
  exited: Promise<number | null>;
}

/** `npm start`, resolved once the service logs that it is listening. */
function npmStart(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn("npm", ["start"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let mongoUri = "";
    let buffered = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.startsWith("{")) continue;
        const entry = JSON.parse(line);
        if (entry.mongo === "embedded" && entry.uri) mongoUri = entry.uri;
        if (entry.msg === "venue-code is listening") resolve({ child, url: entry.url, mongoUri, exited });
      }
    });
    exited.then((code) => reject(new Error(`npm start exited with ${code} before listening`)));
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("start-up and shutdown", () => {
  it("exits 2 naming PORT when it is not a port, without a stack trace", async () => {
    const result = await runToExit(process.execPath, startMain, serviceEnv({ PORT: "notaport" }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("PORT: expected a whole number from 0 to 65535");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 naming each missing secret in production", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "service-"));
    const result = await runToExit(
      process.execPath,
      startMain,
      serviceEnv({ NODE_ENV: "production", DATA_DIR: dataDir }),
    );
    expect(result.code).toBe(2);
    for (const name of ["JWT_SECRET", "IDENTITY_HASH_KEY", "IDENTITY_ENCRYPTION_KEY", "VENUE_CODE_SECRET"]) {
      expect(result.stderr).toContain(`${name}: required when NODE_ENV=production`);
    }
  });

  it("exits 2 with the install command when there is neither REDIS_URL nor redis-server", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "service-"));
    const result = await runToExit(
      process.execPath,
      startMain,
      serviceEnv({ DATA_DIR: dataDir, PORT: "0", PATH: "/nonexistent" }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("apt-get install redis-server");
    expect(result.stderr).toContain("REDIS_URL");
  });

  it("npm start serves /healthz on the embedded stores, stops on SIGTERM leaving nothing behind, and keeps data", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "service-"));
    const env = serviceEnv({ DATA_DIR: dataDir, PORT: "0" });

    const first = await npmStart(env);
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", mongo: "ok", redis: "ok" });
    expect(first.mongoUri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+/);
    const client = await MongoClient.connect(first.mongoUri);
    await client.db("venue_code").collection("restart_probe").insertOne({ kept: "是" });
    await client.close();
    const redisPid = Number((await readFile(join(dataDir, "redis", "redis.pid"), "utf8")).trim());
    expect(processAlive(redisPid)).toBe(true);

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(processAlive(redisPid)).toBe(false);
    expect(existsSync(join(dataDir, "embedded-mongo", "journal.bson"))).toBe(true);

    const second = await npmStart(env);
    const again = await MongoClient.connect(second.mongoUri);
    expect(
      await again
        .db("venue_code")
        .collection("restart_probe")
        .findOne({}, { projection: { _id: 0 } }),
    ).toEqual({
      kept: "是",
    });
    await again.close();
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 60_000);
});

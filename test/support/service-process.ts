import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** The service as an operator runs it: a real process, its environment, its exit code. */
export function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { MONGODB_URI: _m, REDIS_URL: _r, ...inherited } = process.env;
  // No mongod can be downloaded here; say so up front instead of waiting for the download to fail.
  return { ...inherited, MONGOMS_RUNTIME_DOWNLOAD: "false", LOG_LEVEL: "info", ...extra };
}

export function runToExit(command: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

export const startMain = ["--import", "tsx", "src/main.ts"];

export interface Started {
  child: ChildProcess;
  url: string;
  mongoUri: string;
  redisUrl: string;
  /** The JSON log lines written up to "listening". */
  log: Record<string, unknown>[];
  exited: Promise<number | null>;
}

/** `npm start`, resolved once the service logs that it is listening. */
export function npmStart(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn("npm", ["start"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let mongoUri = "";
    let redisUrl = "";
    const log: Record<string, unknown>[] = [];
    let buffered = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.startsWith("{")) continue;
        const entry = JSON.parse(line);
        log.push(entry);
        if (entry.mongo === "embedded" && entry.uri) mongoUri = entry.uri;
        if (entry.redis && entry.url) redisUrl = entry.url;
        if (entry.msg === "venue-code is listening")
          resolve({ child, url: entry.url, mongoUri, redisUrl, log, exited });
      }
    });
    exited.then((code) => reject(new Error(`npm start exited with ${code} before listening`)));
  });
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The node process `npm start` runs the service in (npm stays its parent): the one to kill -9. */
export function servicePid(started: Started): number {
  const npmPid = started.child.pid;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name, which is in parentheses: state, then the parent's pid.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent === npmPid) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error("the service's node process was not found under npm");
}

/** A JSON request to a running service, as a client makes it; the answer's status and parsed body. */
export async function callService(url: string, method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

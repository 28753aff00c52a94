import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findOnPath } from "../../src/infra/redis.js";
import { askRedis } from "./redis.js";
import { runToExit } from "./service-process.js";

/** redis-server and redis-cli on PATH (Debian's redis-server package has both), or undefined. */
export const clusterTools = (() => {
  const server = findOnPath("redis-server");
  const cli = findOnPath("redis-cli");
  return server && cli ? { server, cli } : undefined;
})();

export interface ClusterNode {
  port: number;
  process: ChildProcess;
  exited: Promise<void>;
}

export interface RedisClusterHandle {
  nodes: ClusterNode[];
  /** host:port,host:port as REDIS_CLUSTER_NODES takes them. */
  seeds: string;
  /** The node that is primary for `key` now. */
  primaryOf(key: string): Promise<ClusterNode>;
  /** Waits until every slot is served again and `key`'s primary is no longer `dead`. */
  waitForFailover(key: string, dead: ClusterNode): Promise<ClusterNode>;
  stop(): Promise<void>;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** `count` ports whose cluster-bus ports (port + 10000) are free as well. */
async function freePorts(count: number): Promise<number[]> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 40) * 100 + Math.floor(Math.random() * 90);
    const ports = Array.from({ length: count }, (_, i) => base + i);
    const free = await Promise.all(ports.flatMap((p) => [portIsFree(p), portIsFree(p + 10_000)]));
    if (free.every(Boolean)) return ports;
  }
}

async function waitFor(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A Redis Cluster of three primaries with a replica each, from redis-server on loopback ports
 * (`--cluster-enabled yes`, then `redis-cli --cluster create … --cluster-replicas 1`). A primary
 * that stops answering is failed over to its replica after one second (`cluster-node-timeout`).
 */
export async function startRedisCluster(): Promise<RedisClusterHandle> {
  if (!clusterTools) throw new Error("redis-server and redis-cli are not on PATH");
  const { server, cli } = clusterTools;
  const dir = mkdtempSync(join(tmpdir(), "redis-cluster-"));
  const ports = await freePorts(6);
  const nodes: ClusterNode[] = ports.map((port) => {
    const child = spawn(
      server,
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        dir,
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        `nodes-${port}.conf`,
        "--cluster-node-timeout",
        "1000",
        "--appendonly",
        "yes",
        "--appendfilename",
        `appendonly-${port}.aof`,
        "--appenddirname",
        `aof-${port}`,
        "--save",
        "",
        "--daemonize",
        "no",
        "--loglevel",
        "warning",
      ],
      { stdio: "ignore" },
    );
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    return { port, process: child, exited };
  });
  for (const node of nodes)
    await waitFor(
      () => askRedis(node.port, (c) => c.ping().then((r) => r === "PONG")),
      10_000,
      `redis-server on ${node.port}`,
    );
  const created = await runToExit(
    cli,
    ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "1", "--cluster-yes"],
    process.env,
  );
  if (created.code !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
  const clusterOk = async () => {
    for (const node of nodes) {
      if (node.process.exitCode !== null || node.process.signalCode !== null) continue;
      const info = await askRedis(node.port, (c) => c.cluster("INFO"));
      if (!String(info).includes("cluster_state:ok")) return false;
    }
    return true;
  };
  await waitFor(clusterOk, 20_000, "cluster_state:ok");

  const alive = () => nodes.filter((n) => n.process.exitCode === null && n.process.signalCode === null);
  const primaryOf = async (key: string): Promise<ClusterNode> => {
    const [first] = alive();
    if (!first) throw new Error("no node alive");
    const slot = Number(await askRedis(first.port, (c) => c.cluster("KEYSLOT", key)));
    const ranges = (await askRedis(first.port, (c) => c.cluster("SLOTS"))) as unknown as [
      number,
      number,
      [string, number],
    ][];
    const owner = ranges.find(([from, to]) => slot >= from && slot <= to);
    const node = nodes.find((n) => n.port === owner?.[2][1]);
    if (!node) throw new Error(`no primary for slot ${slot}`);
    return node;
  };
  return {
    nodes,
    seeds: ports.map((p) => `127.0.0.1:${p}`).join(","),
    primaryOf,
    async waitForFailover(key, dead) {
      await waitFor(
        async () => (await clusterOk()) && (await primaryOf(key)).port !== dead.port,
        30_000,
        "the replica to take over",
      );
      return primaryOf(key);
    },
    async stop() {
      for (const node of alive()) node.process.kill("SIGKILL");
      await Promise.all(nodes.map((n) => n.exited));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { Cluster, Redis } from "ioredis";

/** One Redis server, or a Redis Cluster: the service uses either through the same commands. */
export type RedisClient = Redis | Cluster;

/**
 * The service's Redis connection. Auto-pipelining sends the commands issued in one tick together:
 * the scan path's parallel Redis calls cost one round trip (per node, on a cluster). On a cluster,
 * sharded pub/sub (SSUBSCRIBE) gets one subscriber connection per primary.
 */
export function connectRedis(
  target: { url: string } | { clusterNodes: { host: string; port: number }[] },
): RedisClient {
  if ("url" in target) return new Redis(target.url, { maxRetriesPerRequest: 1, enableAutoPipelining: true });
  return new Cluster(target.clusterNodes, {
    enableAutoPipelining: true,
    shardedSubscribers: true,
    // A failover takes a few seconds: commands wait for the new primary rather than failing.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
    redisOptions: { maxRetriesPerRequest: 20 },
  });
}

/** Whether this client speaks to a Redis Cluster. */
export function isCluster(client: RedisClient): client is Cluster {
  return (client as Cluster).isCluster === true;
}

/** Another connection to the same Redis (for blocking reads and subscriptions). */
export function duplicateRedis(client: RedisClient): RedisClient {
  return isCluster(client) ? client.duplicate() : client.duplicate();
}

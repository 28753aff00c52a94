import type { Logger } from "../infra/logger.js";
import { duplicateRedis, isCluster, type RedisClient } from "../infra/redis-client.js";

export interface ScanEvent {
  visitId: string;
  venueId: string;
  personName: string;
  source: string;
  passStatus: string;
  /** Anything but green needs the staff's attention at the door. */
  flagged: boolean;
  checkInAt: string;
}

type Listener = (event: ScanEvent) => void;

/**
 * New scans per venue, for the door screens. Published through Redis so every API instance's
 * streams see scans made on any instance; one subscriber connection per process fans them out.
 * On a Redis Cluster whose servers have it (Redis 7), the feed uses sharded pub/sub: a venue's
 * channel lives on the node that owns its slot, and messages stay off the cluster bus.
 */
export class LiveFeed {
  private subscriber: RedisClient | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly closers = new Set<() => void>();
  private sharded: Promise<boolean> | null = null;

  constructor(
    private readonly redis: RedisClient,
    private readonly logger: Logger,
  ) {}

  publish(event: ScanEvent): void {
    const channel = channelOf(event.venueId);
    const message = JSON.stringify(event);
    this.usesShardedPubSub()
      .then((sharded) => (sharded ? this.redis.spublish(channel, message) : this.redis.publish(channel, message)))
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, "could not publish a scan to the live feed");
      });
  }

  /** Calls `listener` for each new scan at the venue until the returned function is called. */
  async subscribe(venueId: string, listener: Listener, onClose: () => void): Promise<() => void> {
    const sharded = await this.usesShardedPubSub();
    const subscriber = this.connection();
    let set = this.listeners.get(venueId);
    if (!set) {
      set = new Set();
      this.listeners.set(venueId, set);
      if (sharded) await subscriber.ssubscribe(channelOf(venueId));
      else await subscriber.subscribe(channelOf(venueId));
    }
    set.add(listener);
    this.closers.add(onClose);
    return () => {
      this.closers.delete(onClose);
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(venueId);
        (sharded ? subscriber.sunsubscribe(channelOf(venueId)) : subscriber.unsubscribe(channelOf(venueId))).catch(
          () => undefined,
        );
      }
    };
  }

  /** Ends every open stream (at shutdown) and closes the subscriber connection. */
  async close(): Promise<void> {
    for (const close of [...this.closers]) close();
    this.closers.clear();
    this.listeners.clear();
    const subscriber = this.subscriber;
    this.subscriber = null;
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }

  /** Sharded pub/sub on a cluster whose servers know SPUBLISH (Redis 7 and later). */
  private usesShardedPubSub(): Promise<boolean> {
    this.sharded ??= isCluster(this.redis)
      ? this.redis
          .command("INFO", "SPUBLISH")
          .then((info) => Array.isArray(info) && info[0] !== null)
          .catch(() => false)
      : Promise.resolve(false);
    return this.sharded;
  }

  private connection(): RedisClient {
    if (this.subscriber) return this.subscriber;
    const subscriber = duplicateRedis(this.redis);
    subscriber.on("error", (error: unknown) => this.logger.warn({ err: error }, "live feed subscriber problem"));
    const deliver = (channel: string, message: string) => {
      const venueId = channel.slice(CHANNEL_PREFIX.length);
      const event = JSON.parse(message) as ScanEvent;
      for (const listener of this.listeners.get(venueId) ?? []) listener(event);
    };
    subscriber.on("message", deliver);
    subscriber.on("smessage", deliver);
    this.subscriber = subscriber;
    return subscriber;
  }
}

const CHANNEL_PREFIX = "venue-feed:";
function channelOf(venueId: string): string {
  return `${CHANNEL_PREFIX}${venueId}`;
}

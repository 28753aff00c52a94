import type { Redis } from "ioredis";
import type { Logger } from "../infra/logger.js";

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
 */
export class LiveFeed {
  private subscriber: Redis | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly closers = new Set<() => void>();

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {}

  publish(event: ScanEvent): void {
    this.redis.publish(channelOf(event.venueId), JSON.stringify(event)).catch((error: unknown) => {
      this.logger.warn({ err: error }, "could not publish a scan to the live feed");
    });
  }

  /** Calls `listener` for each new scan at the venue until the returned function is called. */
  async subscribe(venueId: string, listener: Listener, onClose: () => void): Promise<() => void> {
    const subscriber = this.connection();
    let set = this.listeners.get(venueId);
    if (!set) {
      set = new Set();
      this.listeners.set(venueId, set);
      await subscriber.subscribe(channelOf(venueId));
    }
    set.add(listener);
    this.closers.add(onClose);
    return () => {
      this.closers.delete(onClose);
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(venueId);
        subscriber.unsubscribe(channelOf(venueId)).catch(() => undefined);
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

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    const subscriber = this.redis.duplicate();
    subscriber.on("error", (error) => this.logger.warn({ err: error }, "live feed subscriber problem"));
    subscriber.on("message", (channel: string, message: string) => {
      const venueId = channel.slice(CHANNEL_PREFIX.length);
      const event = JSON.parse(message) as ScanEvent;
      for (const listener of this.listeners.get(venueId) ?? []) listener(event);
    });
    this.subscriber = subscriber;
    return subscriber;
  }
}

const CHANNEL_PREFIX = "venue-feed:";
function channelOf(venueId: string): string {
  return `${CHANNEL_PREFIX}${venueId}`;
}

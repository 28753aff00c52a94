import type { Logger } from "./logger.js";
import { duplicateRedis, type RedisClient } from "./redis-client.js";

export type StreamEntry = [id: string, fields: string[]];

const BATCH = 100;
const BLOCK_MS = 1000;

/**
 * A consumer in a Redis stream's consumer group: it handles new entries and takes over entries
 * another consumer took but did not acknowledge within `claimIdleMs` (it crashed or hung). An entry
 * is acknowledged (and deleted) only after its handler finished, so handlers must be idempotent.
 */
export class StreamConsumer {
  private connection: RedisClient | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** Batches being handled (at most `concurrency`), each acknowledged when its handler is done. */
  private readonly handling = new Set<Promise<void>>();

  constructor(
    private readonly options: {
      redis: RedisClient;
      logger: Logger;
      stream: string;
      group: string;
      claimIdleMs: number;
      handle: (entries: StreamEntry[]) => Promise<void>;
      consumer?: string;
      /** Entries taken at once (default 100): bigger batches mean fewer, larger writes. */
      batch?: number;
      /**
       * Batches handled at once (default 1). More than one lets the next batch be read and
       * prepared while the last one is being written; handlers must then tolerate running side by
       * side (each entry is still in one batch only).
       */
      concurrency?: number;
    },
  ) {}

  private get consumer(): string {
    this.options.consumer ??= `consumer-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    return this.options.consumer;
  }

  async start(): Promise<void> {
    const { redis, stream } = this.options;
    await this.createGroup();
    this.connection = duplicateRedis(redis);
    this.connection.on("error", (error) =>
      this.options.logger.warn({ err: error, stream }, "stream consumer connection problem"),
    );
    this.running = this.loop();
  }

  private async createGroup(): Promise<void> {
    const { redis, stream, group } = this.options;
    await redis.xgroup("CREATE", stream, group, "0", "MKSTREAM").catch((error: Error) => {
      if (!error.message.includes("BUSYGROUP")) throw error;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.connection?.disconnect();
    // A read queued while its connection was reconnecting is never answered once the connection is
    // closed (ioredis keeps it queued), so the loop is awaited only as long as a read can block; a
    // batch being handled is always finished.
    const readDeadline = new Promise((resolve) => setTimeout(resolve, BLOCK_MS + 500).unref());
    await Promise.race([this.running?.catch(() => undefined), readDeadline]);
    await Promise.all(this.handling);
  }

  private async loop(): Promise<void> {
    const { redis, stream, group, claimIdleMs, logger, batch = BATCH, concurrency = 1 } = this.options;
    while (!this.stopped) {
      if (this.handling.size >= concurrency) {
        await Promise.race(this.handling);
        continue;
      }
      try {
        const claimed = (await redis.xautoclaim(stream, group, this.consumer, claimIdleMs, "0", "COUNT", batch)) as [
          string,
          StreamEntry[],
        ];
        const fresh = (await this.connection?.xreadgroup(
          "GROUP",
          group,
          this.consumer,
          "COUNT",
          batch,
          "BLOCK",
          BLOCK_MS,
          "STREAMS",
          stream,
          ">",
        )) as [string, StreamEntry[]][] | null;
        const entries = [...(claimed?.[1] ?? []), ...(fresh?.[0]?.[1] ?? [])].filter(([, fields]) =>
          Array.isArray(fields),
        );
        if (entries.length === 0) continue;
        const handled = this.handleAndAcknowledge(entries).finally(() => this.handling.delete(handled));
        this.handling.add(handled);
      } catch (error) {
        if (this.stopped) return;
        // The stream or its group is gone: a Redis failover lost what had not reached the replica,
        // or someone deleted it. It is made again; what it held is re-enqueued by its producer.
        if (String((error as Error | undefined)?.message).includes("NOGROUP")) {
          await this.createGroup().catch(() => undefined);
          continue;
        }
        logger.error({ err: error, stream }, "stream consumer problem; retrying");
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /**
   * Handles a batch, then acknowledges and deletes its entries, so that what they carried (people,
   * places, times) does not outlive its use in Redis. A batch whose handler failed stays pending and
   * is taken over after `claimIdleMs`.
   */
  private async handleAndAcknowledge(entries: StreamEntry[]): Promise<void> {
    const { redis, stream, group, handle, logger } = this.options;
    try {
      await handle(entries);
      const ids = entries.map(([id]) => id);
      // In one transaction: an entry acknowledged but not deleted (a crash between the two) would
      // stay in the stream for ever, never delivered again, and a queue that never empties stops
      // the fan-out's sweep from finishing or re-enqueueing its events.
      const replies = await redis
        .multi()
        .xack(stream, group, ...ids)
        .xdel(stream, ...ids)
        .exec();
      const failed = replies?.find(([error]) => error)?.[0];
      if (failed) throw failed;
    } catch (error) {
      if (this.stopped) return;
      logger.error({ err: error, stream }, "stream consumer problem; the batch is retried later");
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** The value of a field in a stream entry's field list. */
export function field(fields: string[], name: string): string | undefined {
  const index = fields.indexOf(name);
  return index >= 0 ? fields[index + 1] : undefined;
}

import type { Redis } from "ioredis";
import mongoose from "mongoose";
import type { Logger } from "../infra/logger.js";
import { Notification } from "../notifications/notification.model.js";
import { alertText } from "./alert-text.js";
import { Exposure, type ExposureDocument } from "./exposure.model.js";
import { ExposureFailure } from "./failure.model.js";
import { findOverlappingVisits, type OverlappingVisit } from "./matching.js";

export const FANOUT_STREAM = "exposures:fanout";
export const FANOUT_GROUP = "fanout";
const GROUP = FANOUT_GROUP;
/** By default a job a worker took but did not acknowledge within this time is taken over by another. */
const CLAIM_IDLE_MS = 30_000;
const BATCH = 100;

interface Job {
  exposureId: string;
  personHash: string;
  visits: OverlappingVisit[];
}

/**
 * Puts one job per person on a Redis stream. Jobs can be enqueued more than once (after a crash
 * mid-way); delivery is idempotent per (exposure, person, recipient), so people still get one alert.
 */
export async function enqueueFanout(redis: Redis, exposure: ExposureDocument): Promise<number> {
  const people = await findOverlappingVisits(
    exposure.windows.map((w) => ({ ...w, venueId: w.venueId as mongoose.Types.ObjectId })),
    exposure.minOverlapMinutes,
    exposure.caseHash ?? undefined,
  );
  let pipeline = redis.pipeline();
  let pending = 0;
  for (const [personHash, visits] of people) {
    pipeline.xadd(
      FANOUT_STREAM,
      "*",
      "job",
      JSON.stringify({ exposureId: String(exposure._id), personHash, visits } satisfies Job),
    );
    if (++pending === 500) {
      await pipeline.exec();
      pipeline = redis.pipeline();
      pending = 0;
    }
  }
  if (pending > 0) await pipeline.exec();
  await Exposure.updateOne({ _id: exposure._id }, { $set: { enqueued: true } });
  return people.size;
}

/** Delivery progress, counted from what was delivered, so a retried job cannot count twice. */
export async function deliveryProgress(exposureId: mongoose.Types.ObjectId) {
  const [delivered, failed, sends] = await Promise.all([
    Notification.aggregate([
      { $match: { exposureId, kind: "alert" } },
      { $group: { _id: "$personHash" } },
      { $count: "n" },
    ]),
    ExposureFailure.countDocuments({ exposureId }),
    Notification.countDocuments({ exposureId, kind: "alert" }),
  ]);
  return { delivered: (delivered[0]?.n as number | undefined) ?? 0, failed, byChannel: { inbox: sends } };
}

/**
 * Consumes the fan-out stream in a consumer group: each job writes the person's alerts to the
 * inboxes of everyone who checked them in (themselves, or the resident whose companion they are).
 * Jobs a crashed worker left unacknowledged are claimed after 30 s.
 */
export class FanoutWorker {
  private connection: Redis | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly claimIdleMs = CLAIM_IDLE_MS,
    private readonly consumer = `worker-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
  ) {}

  async start(): Promise<void> {
    await this.redis.xgroup("CREATE", FANOUT_STREAM, GROUP, "0", "MKSTREAM").catch((error: Error) => {
      if (!error.message.includes("BUSYGROUP")) throw error;
    });
    // Events whose jobs were not all enqueued before a crash are enqueued again.
    for (const exposure of await Exposure.find({
      status: { $in: ["queued", "sending"] },
      enqueued: { $ne: true },
    }).lean<ExposureDocument[]>()) {
      await enqueueFanout(this.redis, exposure);
    }
    this.connection = this.redis.duplicate();
    this.connection.on("error", (error) => this.logger.warn({ err: error }, "fan-out worker connection problem"));
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.connection?.disconnect();
    await this.running?.catch(() => undefined);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        const claimed = (await this.redis.xautoclaim(
          FANOUT_STREAM,
          GROUP,
          this.consumer,
          this.claimIdleMs,
          "0",
          "COUNT",
          BATCH,
        )) as [string, [string, string[]][]];
        const fresh = (await this.connection?.xreadgroup(
          "GROUP",
          GROUP,
          this.consumer,
          "COUNT",
          BATCH,
          "BLOCK",
          1000,
          "STREAMS",
          FANOUT_STREAM,
          ">",
        )) as [string, [string, string[]][]][] | null;
        const entries = [...(claimed?.[1] ?? []), ...(fresh?.[0]?.[1] ?? [])];
        if (entries.length > 0) await this.process(entries);
      } catch (error) {
        if (this.stopped) return;
        this.logger.error({ err: error }, "fan-out worker problem; retrying");
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private async process(entries: [string, string[]][]): Promise<void> {
    const touched = new Set<string>();
    for (const [id, fields] of entries) {
      const job = JSON.parse(fields[fields.indexOf("job") + 1] as string) as Job;
      await this.deliver(job);
      await this.redis.xack(FANOUT_STREAM, GROUP, id);
      touched.add(job.exposureId);
    }
    for (const exposureId of touched) await this.updateStatus(new mongoose.Types.ObjectId(exposureId));
  }

  private async deliver(job: Job): Promise<void> {
    const exposure = await Exposure.findById(job.exposureId).lean<ExposureDocument>();
    if (!exposure || exposure.status === "withdrawn") return;
    const exposureId = exposure._id;
    const recipients = new Map<string, OverlappingVisit[]>();
    for (const visit of job.visits) {
      if (visit.source === "manual") continue;
      recipients.set(visit.userId, [...(recipients.get(visit.userId) ?? []), visit]);
    }
    if (recipients.size === 0) {
      await ExposureFailure.updateOne(
        { exposureId, personHash: job.personHash },
        { $setOnInsert: { reason: "no-account" } },
        { upsert: true },
      );
      return;
    }
    for (const [recipientUserId, visits] of recipients) {
      const companion = visits.find((v) => v.source === "companion");
      const about = companion ? { name: companion.personNameMasked, relation: companion.relation } : null;
      await Notification.updateOne(
        { exposureId, personHash: job.personHash, recipientUserId, kind: "alert" },
        {
          $setOnInsert: {
            aboutName: about?.name ?? visits[0]?.personNameMasked ?? "",
            aboutRelation: about?.relation ?? "本人",
            riskLevel: exposure.riskLevel,
            text: alertText({
              riskLevel: exposure.riskLevel as "high" | "medium",
              officialMessage: exposure.message,
              visits: visits.map((v) => ({ ...v, checkInAt: new Date(v.checkInAt), endAt: new Date(v.endAt) })),
              aboutCompanion: about,
            }),
          },
        },
        { upsert: true },
      );
    }
  }

  private async updateStatus(exposureId: mongoose.Types.ObjectId): Promise<void> {
    const exposure = await Exposure.findById(exposureId).lean<ExposureDocument>();
    if (!exposure || exposure.status === "withdrawn" || exposure.status === "done") return;
    const progress = await deliveryProgress(exposureId);
    const finished = progress.delivered + progress.failed >= exposure.total;
    await Exposure.updateOne(
      { _id: exposureId, status: { $in: ["queued", "sending"] } },
      { $set: { status: finished ? "done" : "sending", ...progress } },
    );
  }
}

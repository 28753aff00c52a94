import mongoose from "mongoose";
import { SELF_RELATION } from "../companions/relations.js";
import type { Logger } from "../infra/logger.js";
import type { RedisClient } from "../infra/redis-client.js";
import { field, StreamConsumer, type StreamEntry } from "../infra/stream-consumer.js";
import type { AlertChannelQueue } from "../notifications/alert-channel.js";
import { alertText } from "../notifications/alert-text.js";
import type { AlertToDeliver, NotificationsService } from "../notifications/notifications.service.js";
import type { Services } from "../services.js";
import type { OverlappingVisit, VisitsService } from "../visits/visits.service.js";
import { Exposure, type ExposureDocument } from "./exposure.model.js";
import { ExposureFailure } from "./failure.model.js";

/**
 * People in one entry of the queue: a worker takes one entry at a time and writes its alerts in one
 * insert. One entry a person cost more in Redis commands, parsing and acknowledging than the alerts
 * themselves; an entry with fewer people than this means the queue is drained.
 */
const PEOPLE_PER_ENTRY = 500;
/**
 * Entries in hand at once: the next ones are read and their alerts made while the last one is
 * stored (three gave 5,000–7,900 alerts a second where one gave 3,300 and two 4,500–5,200).
 */
const FANOUT_CONCURRENCY = 3;
/** Events under way are checked this often for jobs the queue lost. */
const SWEEP_INTERVAL_MS = 5000;

/** A person's own verified account, when they have one, and whether they are an adult. */
type Holder = { userId: string; adult: boolean };

/**
 * Who is told about a person: their own verified account, and whoever checked them in as a
 * companion — unless the person is an adult with an account of their own, whose alerts are theirs
 * alone. A visitor registered by staff without an account reaches nobody.
 */
function recipientsOf(job: Job, holder: Holder | undefined): Map<string, OverlappingVisit[]> {
  const recipients = new Map<string, OverlappingVisit[]>();
  const add = (userId: string, visits: OverlappingVisit[]) =>
    recipients.set(userId, [...(recipients.get(userId) ?? []), ...visits]);
  for (const visit of job.visits) {
    if (visit.source === "manual") continue;
    if (visit.source === "companion" && holder?.adult) continue;
    add(visit.userId, [visit]);
  }
  if (holder && !recipients.has(holder.userId)) {
    // Their own alert reads as about themselves, whoever checked them in.
    add(
      holder.userId,
      job.visits.map((visit) => ({ ...visit, source: "scan", relation: SELF_RELATION })),
    );
  }
  return recipients;
}

function alertFor(
  exposure: ExposureDocument,
  personHash: string,
  recipientUserId: string | null,
  visits: OverlappingVisit[],
  expiresAt: Date,
): AlertToDeliver {
  const companion = visits.find((v) => v.source === "companion");
  const about = companion ? { name: companion.personNameMasked, relation: companion.relation } : null;
  return {
    exposureId: exposure._id,
    personHash,
    recipientUserId: recipientUserId ? new mongoose.Types.ObjectId(recipientUserId) : null,
    aboutName: about?.name ?? visits[0]?.personNameMasked ?? "",
    aboutRelation: about?.relation ?? SELF_RELATION,
    riskLevel: exposure.riskLevel,
    text: alertText({
      riskLevel: exposure.riskLevel as "high" | "medium",
      officialMessage: exposure.message,
      visits: visits.map((v) => ({ ...v, checkInAt: new Date(v.checkInAt), endAt: new Date(v.endAt) })),
      aboutCompanion: about,
    }),
    expiresAt,
  };
}

export const FANOUT_STREAM = "exposures:fanout";
export const FANOUT_GROUP = "fanout";
/** By default a job a worker took but did not acknowledge within this time is taken over by another. */
const CLAIM_IDLE_MS = 30_000;

interface Job {
  exposureId: string;
  personHash: string;
  visits: OverlappingVisit[];
}

/**
 * Puts one job per person on a Redis stream. Jobs can be enqueued more than once (after a crash
 * mid-way); delivery is idempotent per (exposure, person, recipient), so people still get one alert.
 * `matched` is the people the event was just counted from, when the caller has them: the visits are
 * then not matched a second time.
 */
export async function enqueueFanout(
  redis: RedisClient,
  visits: VisitsService,
  exposure: ExposureDocument,
  matched?: Map<string, OverlappingVisit[]>,
): Promise<number> {
  const people =
    matched ??
    (await visits.overlapping(
      exposure.windows.map((w) => ({ ...w, venueId: w.venueId as mongoose.Types.ObjectId })),
      {
        minOverlapMinutes: exposure.minOverlapMinutes,
        excludePersonHash: exposure.caseHash ?? undefined,
        estimatedStayMinutes: exposure.estimatedStayMinutes,
      },
    ));
  const exposureId = String(exposure._id);
  const jobs = [...people].map(([personHash, visits]): Job => ({ exposureId, personHash, visits }));
  const pipeline = redis.pipeline();
  for (let i = 0; i < jobs.length; i += PEOPLE_PER_ENTRY) {
    pipeline.xadd(FANOUT_STREAM, "*", "jobs", JSON.stringify(jobs.slice(i, i + PEOPLE_PER_ENTRY)));
  }
  if (jobs.length > 0) await pipeline.exec();
  await Exposure.updateOne({ _id: exposure._id }, { $set: { enqueued: true } });
  return people.size;
}

/** The people's jobs in entries of the queue. */
function jobsOf(entries: StreamEntry[]): Job[] {
  return entries.flatMap(([, fields]) => JSON.parse(field(fields, "jobs") ?? "[]") as Job[]);
}

/** Delivery progress: people reached and each channel's sends, and people no alert could reach. */
export async function deliveryProgress(notifications: NotificationsService, exposureId: mongoose.Types.ObjectId) {
  const [counts, failed] = await Promise.all([
    notifications.deliveryCounts(exposureId),
    ExposureFailure.countDocuments({ exposureId }),
  ]);
  return { delivered: counts.delivered, failed, byChannel: counts.byChannel };
}

export interface FanoutWorkerOptions {
  redis: RedisClient;
  logger: Logger;
  /**
   * Accounts (whose own alerts reach them whoever checked them in), visits to match, inboxes to
   * fill; inbox entries are derived from visits and are deleted after RETENTION_DAYS.
   */
  services: Pick<Services, "users" | "visits" | "notifications" | "config">;
  claimIdleMs?: number | undefined;
  channels?: AlertChannelQueue[];
}

/**
 * Consumes the fan-out stream: each job writes the person's alerts to the inboxes of everyone who
 * checked them in (themselves, or the resident whose companion they are), and queues the alert for
 * the other channels, each of which has its own queue so that a slow one holds up nothing else.
 */
export class FanoutWorker {
  private readonly consumer: StreamConsumer;
  /** Events with deliveries not yet counted into their progress. */
  private readonly uncounted = new Set<string>();
  private sweeper: NodeJS.Timeout | undefined;
  private recounting: Promise<void> = Promise.resolve();
  /** Per event under way, people accounted for at the last sweep that saw the queue empty. */
  private readonly stalled = new Map<string, number>();
  private batchesInHand = 0;
  /** When the last full batch (more jobs waiting) was done; 0 when the last batch was not full. */
  private lastFullBatchAt = 0;

  constructor(private readonly o: FanoutWorkerOptions) {
    const { redis, logger, claimIdleMs = CLAIM_IDLE_MS } = o;
    this.consumer = new StreamConsumer({
      redis,
      logger,
      stream: FANOUT_STREAM,
      group: FANOUT_GROUP,
      claimIdleMs,
      batch: 1,
      concurrency: FANOUT_CONCURRENCY,
      handle: (entries) => this.handle(entries),
    });
  }

  /**
   * Whether this worker is filling inboxes: a batch in hand, or the last one, just done, was full
   * (more jobs are waiting). Channel senders in the same process wait behind it.
   */
  get busy(): boolean {
    return this.batchesInHand > 0 || Date.now() - this.lastFullBatchAt < 1000;
  }

  private async handle(entries: StreamEntry[]): Promise<void> {
    const jobs = jobsOf(entries);
    this.batchesInHand++;
    try {
      await this.process(jobs);
    } finally {
      this.batchesInHand--;
      this.lastFullBatchAt = jobs.length >= PEOPLE_PER_ENTRY ? Date.now() : 0;
    }
  }

  async start(): Promise<void> {
    // Events under way before a restart: jobs not all enqueued are enqueued again, and progress
    // counted before the crash may lag behind what was delivered.
    for (const exposure of await Exposure.find({ status: { $in: ["queued", "sending"] } }).lean<ExposureDocument[]>()) {
      if (!exposure.enqueued) await enqueueFanout(this.o.redis, this.o.services.visits, exposure);
      this.uncounted.add(String(exposure._id));
    }
    await this.consumer.start();
    this.sweeper = setInterval(() => {
      this.sweep().catch((error: unknown) => this.o.logger.warn({ err: error }, "fan-out sweep failed"));
    }, SWEEP_INTERVAL_MS);
  }

  /**
   * Jobs the queue lost (a Redis primary failed over before its replica had them) are enqueued
   * again: an event under way with people not yet accounted for, seen twice in a row with the same
   * count while the queue is empty, is enqueued once more. Delivery is idempotent, so the people
   * already alerted are not alerted twice.
   */
  private async sweep(): Promise<void> {
    const underWay = await Exposure.find({ status: { $in: ["queued", "sending"] }, enqueued: true }).lean<
      ExposureDocument[]
    >();
    const seen = new Set(underWay.map((exposure) => String(exposure._id)));
    for (const id of this.stalled.keys()) if (!seen.has(id)) this.stalled.delete(id);
    if (underWay.length === 0 || (await this.o.redis.xlen(FANOUT_STREAM)) > 0) {
      this.stalled.clear();
      return;
    }
    for (const exposure of underWay) {
      const id = String(exposure._id);
      const progress = await deliveryProgress(this.o.services.notifications, exposure._id);
      const accounted = progress.delivered + progress.failed;
      if (accounted >= exposure.total) {
        this.uncounted.add(id);
        continue;
      }
      if (this.stalled.get(id) === accounted) {
        this.o.logger.warn({ exposureId: id, accounted, total: exposure.total }, "fan-out jobs lost; enqueueing again");
        this.stalled.delete(id);
        await enqueueFanout(this.o.redis, this.o.services.visits, exposure);
      } else {
        this.stalled.set(id, accounted);
      }
    }
    await this.recount();
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    await this.consumer.stop();
    await this.recounting.catch(() => undefined);
  }

  /**
   * One batch of jobs: the events they belong to are read once, every inbox entry is written in
   * one bulk upsert, and the alerts go to the other channels' queues together.
   */
  private async process(jobs: Job[]): Promise<void> {
    const exposureIds = [...new Set(jobs.map((job) => job.exposureId))];
    const exposures = new Map(
      (await Exposure.find({ _id: { $in: exposureIds } }).lean<ExposureDocument[]>()).map((e) => [String(e._id), e]),
    );
    const holders = await this.o.services.users.verifiedHoldersOf(jobs.map((job) => job.personHash));
    const expiresAt = new Date(Date.now() + this.o.services.config.retentionDays * 86_400_000);
    const alerts: AlertToDeliver[] = [];
    const failures: { exposureId: mongoose.Types.ObjectId; personHash: string }[] = [];
    for (const job of jobs) {
      const exposure = exposures.get(job.exposureId);
      if (!exposure || exposure.status === "withdrawn") continue;
      const recipients = recipientsOf(job, holders.get(job.personHash));
      if (recipients.size === 0) {
        failures.push({ exposureId: exposure._id, personHash: job.personHash });
        // Nobody to tell, but the person is still marked: their next pass, entered by staff or as a
        // companion, is yellow.
        alerts.push(alertFor(exposure, job.personHash, null, job.visits, expiresAt));
      }
      for (const [recipientUserId, visits] of recipients)
        alerts.push(alertFor(exposure, job.personHash, recipientUserId, visits, expiresAt));
    }
    const newFailures = new Map<string, number>();
    if (failures.length > 0) {
      const result = await ExposureFailure.bulkWrite(
        failures.map((filter) => ({
          updateOne: { filter, update: { $setOnInsert: { reason: "no-account", expiresAt } }, upsert: true },
        })),
        { ordered: false },
      );
      for (const index of Object.keys(result.upsertedIds)) {
        const id = String(failures[Number(index)]?.exposureId);
        newFailures.set(id, (newFailures.get(id) ?? 0) + 1);
      }
    }
    // A retried job queues its alerts again; each channel skips an alert it already handled.
    const { queued, fresh } = await this.o.services.notifications.deliver(alerts);
    for (const channel of this.o.channels ?? []) await channel.enqueue(queued);
    await this.countBatch(exposureIds, fresh, newFailures);
    if (jobs.length < PEOPLE_PER_ENTRY) await this.recount();
  }

  /**
   * Progress as each batch lands: the people whose first inbox alert this batch wrote, its inbox
   * entries and its new failures are added to their events' counts (one update an event, no
   * reading of earlier alerts). A person's alerts are written by one job, so a person is counted by
   * the batch that first wrote one of them; a retried job's refused alerts count nothing. A crash
   * between the write and this update leaves the count short, never over: an event whose count
   * reaches its total, and every event when the queue drains or at a sweep, is recounted exactly
   * from its alerts (recount), and only that marks it done.
   */
  private async countBatch(
    exposureIds: string[],
    fresh: { exposureId: unknown; personHash: string }[],
    newFailures: Map<string, number>,
  ): Promise<void> {
    const people = new Map<string, Set<string>>();
    const inbox = new Map<string, number>();
    for (const alert of fresh) {
      const id = String(alert.exposureId);
      inbox.set(id, (inbox.get(id) ?? 0) + 1);
      const seen = people.get(id) ?? new Set<string>();
      seen.add(alert.personHash);
      people.set(id, seen);
    }
    for (const id of exposureIds) {
      const delivered = people.get(id)?.size ?? 0;
      const failed = newFailures.get(id) ?? 0;
      this.uncounted.add(id);
      if (delivered + failed === 0) continue;
      const counted = await Exposure.findOneAndUpdate(
        { _id: new mongoose.Types.ObjectId(id), status: { $in: ["queued", "sending"] } },
        {
          $set: { status: "sending" },
          $inc: { delivered, failed, "byChannel.inbox": inbox.get(id) ?? 0 },
        },
        { returnDocument: "after", projection: { total: 1, delivered: 1, failed: 1 } },
      ).lean<Pick<ExposureDocument, "total" | "delivered" | "failed">>();
      if (counted && counted.delivered + counted.failed >= counted.total) await this.recount();
    }
  }

  /**
   * Recounts the progress of events with new deliveries exactly, from their alerts, and marks an
   * event done when everyone is accounted for. Counting reads every alert of the event, so it runs
   * only when a batch drains the queue, when an event's running count reaches its total, and at the
   * sweep; between those, progress is counted as each batch lands (countBatch).
   */
  private recount(): Promise<void> {
    // After a recount that failed (its caller heard of it), the next one still runs.
    this.recounting = this.recounting
      .catch(() => undefined)
      .then(async () => {
        const exposureIds = [...this.uncounted];
        this.uncounted.clear();
        for (const exposureId of exposureIds) await this.updateStatus(new mongoose.Types.ObjectId(exposureId));
      });
    return this.recounting;
  }

  private async updateStatus(exposureId: mongoose.Types.ObjectId): Promise<void> {
    const exposure = await Exposure.findById(exposureId).lean<ExposureDocument>();
    if (!exposure || exposure.status === "withdrawn" || exposure.status === "done") return;
    const progress = await deliveryProgress(this.o.services.notifications, exposureId);
    const finished = progress.delivered + progress.failed >= exposure.total;
    await Exposure.updateOne(
      { _id: exposureId, status: { $in: ["queued", "sending"] } },
      { $set: { status: finished ? "done" : "sending", ...progress } },
    );
  }
}

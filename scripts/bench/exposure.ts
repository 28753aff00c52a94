import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import mongoose from "mongoose";
import type { OfficialPrincipal } from "../../src/auth/principal.js";
import { loadConfig, SECRET_NAMES } from "../../src/config.js";
import { startEmbeddedMongoThread } from "../../src/embedded-mongo/index.js";
import { Exposure } from "../../src/exposures/exposure.model.js";
import { FanoutWorker } from "../../src/exposures/fanout.js";
import { createLogger } from "../../src/infra/logger.js";
import { provisionRedis } from "../../src/infra/redis.js";
import { subscribeMessageChannel } from "../../src/notifications/subscribe-channel.js";
import { createServices } from "../../src/services.js";
import { User } from "../../src/users/user.model.js";
import { Venue } from "../../src/venues/venue.model.js";
import { Visit } from "../../src/visits/visit.model.js";
import { WeChatApi } from "../../src/wechat/api-client.js";
import { startWeChatStandIn } from "../../src/wechat/stand-in.js";
import { benchRedisEnv } from "./support.js";

/**
 * npm run -s bench:exposure — tracing at city scale on the embedded stores: 1,000,000 visits over
 * 10,000 venues and 28 days, then (a) a preview of one venue over 4 hours, (b) a case look-up over
 * 14 days, (c) the fan-out to 20,000 people through the inbox and the local WeChat stand-in.
 * Prints one JSON line: {"previewMs", "caseMs", "fanoutPerSec"} (people alerted in their inbox a
 * second, = "inboxPerSec", counted until the event is done), and "subscribeMessagesPerSec" (the
 * subscribe-message channel, which drains behind the inbox at its own pace).
 */
const VISITS = Number(process.env.BENCH_VISITS ?? 1_000_000);
const VENUES = 10_000;
const PEOPLE = 200_000;
const FANOUT_PEOPLE = 20_000;
const DAY = 86_400_000;

const dataDir = await mkdtemp(join(tmpdir(), "venue-code-bench-exposure-"));
const logger = createLogger("warn");
const env: Record<string, string> = {
  DATA_DIR: dataDir,
  EXPOSURE_CONFIRM_THRESHOLD: "100000000",
  WECHAT_APPID: "wx0123456789abcdef",
  WECHAT_SECRET: "0123456789abcdef0123456789abcdef",
  WECHAT_ALERT_TEMPLATE_ID: "bench-alert-template",
};
for (const name of SECRET_NAMES) env[name] = "ab".repeat(32);
const wechat = await startWeChatStandIn();
env.WECHAT_API_BASE = wechat.url;
const loaded = loadConfig(env);
if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
const { config } = loaded;

const mongo = await startEmbeddedMongoThread({ dbPath: join(dataDir, "mongo") });
Object.assign(process.env, benchRedisEnv());
const redisServer = await provisionRedis({ url: undefined, dataDir, logger });
await mongoose.connect(mongo.uri, { dbName: "bench" });
const redis = new Redis(redisServer.url, { enableAutoPipelining: true });
const services = createServices(config, redis, logger);
await mongoose.connection.syncIndexes();
const official: OfficialPrincipal = {
  kind: "official",
  officialId: String(new mongoose.Types.ObjectId()),
  username: "bench",
  role: "health",
};

try {
  const now = Date.now();
  const venueIds = Array.from({ length: VENUES + 1 }, () => new mongoose.Types.ObjectId());
  const venueDocs = venueIds.map((id, i) => ({
    _id: id,
    name: `场所${i}`,
    categoryId: "supermarket",
    regionCode: "320902",
    address: `测试路${i}号`,
    contactPhoneCipher: "x",
    contactPhoneMasked: "138****0000",
    ownerId: id,
    staffIds: [id],
    code: `bench${String(i).padStart(15, "0")}`,
    revokedCodes: [],
    status: "active",
    dedupKey: `${i}`,
    createdAt: new Date(now),
    updatedAt: new Date(now),
  }));
  await Venue.collection.insertMany(venueDocs);

  const userId = new mongoose.Types.ObjectId();
  const visit = (venue: number, person: string, start: number, recipient = userId) => ({
    venueId: venueIds[venue],
    venueName: `场所${venue}`,
    categoryId: "supermarket",
    regionCode: "320902",
    personHash: person,
    personNameMasked: "王*",
    personIdCipher: "x",
    source: "scan",
    userId: recipient,
    relation: "本人",
    checkInAt: new Date(start),
    endAt: new Date(start + 45 * 60_000),
    endedBy: "dwell",
    passStatus: "green",
    passReasons: [],
    healthCodeColour: "green",
    expiresAt: new Date(start + 28 * DAY),
  });

  // 1,000,000 visits by 200,000 people over 10,000 venues and the last 28 days.
  const loadStarted = performance.now();
  for (let batch = 0; batch < VISITS; batch += 10_000) {
    const docs = [];
    for (let i = batch; i < Math.min(VISITS, batch + 10_000); i++) {
      docs.push(
        visit(i % VENUES, `person-${(i * 7919) % PEOPLE}`, now - 28 * DAY + ((i * 104_729) % (28 * DAY - 3_600_000))),
      );
    }
    await Visit.collection.insertMany(docs, { ordered: false });
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  process.stderr.write(`loaded ${VISITS} visits in ${Math.round(loadSeconds)} s\n`);

  // (a) one venue, a 4-hour window.
  // Around a real visit there, so the window catches the venue's traffic of those hours.
  const anchor = await Visit.findOne({ venueId: venueIds[42] }, { checkInAt: 1 }).lean();
  const anchorTime = anchor?.checkInAt.getTime() ?? now - 3 * DAY;
  const window = { start: new Date(anchorTime - 2 * 3_600_000), end: new Date(anchorTime + 2 * 3_600_000) };
  let started = performance.now();
  const preview = await services.exposures.preview(official, {
    places: [{ venueId: String(venueIds[42]), start: window.start.toISOString(), end: window.end.toISOString() }],
    riskLevel: "high",
    message: "bench",
    minOverlapMinutes: 1,
  });
  const previewMs = Math.round(performance.now() - started);

  // (b) a case over 14 days: windows from their visits, then everyone at those places and times.
  const recent = await Visit.findOne({ checkInAt: { $gte: new Date(now - 7 * DAY) } }, { personHash: 1 }).lean();
  const caseHash = recent?.personHash ?? "person-1";
  started = performance.now();
  const caseWindows = await services.visits.windowsAroundPerson(caseHash, new Date(now - 14 * DAY), new Date(now), 30);
  const caseContacts = await services.visits.overlapping(caseWindows, {
    minOverlapMinutes: 1,
    excludePersonHash: caseHash,
  });
  const caseMs = Math.round(performance.now() - started);
  process.stderr.write(`preview ${previewMs} ms, case ${caseMs} ms; fanning out\n`);

  // (c) 20,000 people at one venue, each with a WeChat account that agreed to alerts.
  const crowdVenue = VENUES;
  const recipients = Array.from({ length: FANOUT_PEOPLE }, (_, i) => ({
    _id: new mongoose.Types.ObjectId(),
    openid: `openid-bench-${i}`,
    nickname: "压测",
    alertSubscriptions: 1,
    createdAt: new Date(now),
    updatedAt: new Date(now),
  }));
  await User.collection.insertMany(recipients);
  const crowdStart = now - 2 * DAY;
  for (let batch = 0; batch < FANOUT_PEOPLE; batch += 5000) {
    await Visit.collection.insertMany(
      recipients
        .slice(batch, batch + 5000)
        .map((user, i) => visit(crowdVenue, `crowd-${batch + i}`, crowdStart, user._id)),
    );
  }
  // As the service wires them: the channel's sender waits behind the worker while it fills inboxes.
  let worker: FanoutWorker | undefined;
  const channel = subscribeMessageChannel(
    redis,
    logger,
    services.users,
    new WeChatApi(wechat.url, "wx0123456789abcdef", "0123456789abcdef0123456789abcdef"),
    "bench-alert-template",
    undefined,
    () => worker?.busy ?? false,
  );
  worker = new FanoutWorker({
    redis,
    logger,
    services,
    channels: [channel.queue],
  });
  await Promise.all([channel.sender.start(), worker.start()]);
  started = performance.now();
  const startedAt = Date.now();
  const { exposure: event } = await services.exposures.create(official, {
    places: [
      {
        venueId: String(venueIds[crowdVenue]),
        start: new Date(crowdStart).toISOString(),
        end: new Date(crowdStart + 3_600_000).toISOString(),
      },
    ],
    riskLevel: "high",
    message: "bench",
    minOverlapMinutes: 1,
  });
  // The inbox and the channel are timed apart: the channel drains behind the inbox at its own pace.
  // The inbox is done when the event was marked done (its updatedAt), not when a poll saw it.
  let inboxSeconds = 0;
  let channelSeconds = 0;
  for (let polls = 1; ; polls++) {
    const progress = await Exposure.findById(event._id, { status: 1, delivered: 1, updatedAt: 1 }).lean();
    const elapsed = (performance.now() - started) / 1000;
    if (!inboxSeconds && progress?.status === "done") inboxSeconds = (progress.updatedAt.getTime() - startedAt) / 1000;
    if (!channelSeconds && wechat.sends.length >= FANOUT_PEOPLE) channelSeconds = elapsed;
    if (inboxSeconds && channelSeconds) break;
    if (polls % 25 === 0) {
      process.stderr.write(`  ${progress?.status}: ${progress?.delivered} delivered, ${wechat.sends.length} sent\n`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const fanoutSeconds = (performance.now() - started) / 1000;
  process.stderr.write(`fan-out to ${FANOUT_PEOPLE} people took ${Math.round(fanoutSeconds)} s\n`);
  await Promise.all([worker.stop(), channel.sender.stop()]);

  process.stdout.write(
    `${JSON.stringify({
      previewMs,
      caseMs,
      fanoutPerSec: Math.round(FANOUT_PEOPLE / inboxSeconds),
      inboxPerSec: Math.round(FANOUT_PEOPLE / inboxSeconds),
      subscribeMessagesPerSec: Math.round(FANOUT_PEOPLE / channelSeconds),
      fanoutSeconds: Math.round(fanoutSeconds),
      visitsLoaded: VISITS,
      loadSeconds: Math.round(loadSeconds),
      previewPeople: preview.people,
      caseWindows: caseWindows.length,
      caseContacts: caseContacts.size,
      subscribeMessages: wechat.sends.length,
    })}\n`,
  );
} finally {
  await services.close();
  await redis.quit();
  await mongoose.disconnect();
  await mongo.stop();
  await redisServer.stop();
  await wechat.stop();
  await rm(dataDir, { recursive: true, force: true });
}

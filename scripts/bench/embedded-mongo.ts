import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { MongoClient } from "mongodb";
import { startEmbeddedMongoThread } from "../../src/embedded-mongo/index.js";

/**
 * npm run -s bench:mongo — the embedded MongoDB alone, through the official driver, as `npm start`
 * runs it (own thread, journal on disk): insertMany of 100,000 visits, 10,000 finds through an
 * index (one at a time), a $group over the 100,000, and one find returning all of them.
 * Prints one JSON line of milliseconds.
 */
const DOCUMENTS = 100_000;
const FINDS = 10_000;
const VENUES = 1_000;

const dbPath = await mkdtemp(join(tmpdir(), "venue-code-bench-mongo-"));
const mongo = await startEmbeddedMongoThread({ dbPath });
const client = await MongoClient.connect(mongo.uri);
const visits = client.db("bench").collection("visits");

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return Math.round(performance.now() - start);
}

try {
  await visits.createIndex({ person: 1 });
  const start = Date.UTC(2022, 2, 16);
  const documents = Array.from({ length: DOCUMENTS }, (_, i) => ({
    venueId: `v${i % VENUES}`,
    person: `p${i}`,
    at: new Date(start + i * 1000),
    minutes: i % 90,
    colour: i % 17 === 0 ? "yellow" : "green",
  }));
  const insertMany = await timed(() => visits.insertMany(documents));
  const indexedFinds = await timed(async () => {
    for (let i = 0; i < FINDS; i++) {
      await visits.find({ person: `p${(i * 7919) % DOCUMENTS}` }).toArray();
    }
  });
  const group = await timed(() =>
    visits.aggregate([{ $group: { _id: "$venueId", visits: { $sum: 1 }, minutes: { $avg: "$minutes" } } }]).toArray(),
  );
  const findAll = await timed(() => visits.find({}).toArray());
  process.stdout.write(
    `${JSON.stringify({ insertMany100k: insertMany, indexedFinds10k: indexedFinds, group100k: group, findAll100k: findAll })}\n`,
  );
} finally {
  await client.close();
  await mongo.stop();
  await rm(dbPath, { recursive: true, force: true });
}

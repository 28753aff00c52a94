import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Koa from "koa";
import mongoose from "mongoose";
import { startEmbeddedMongoThread } from "../../src/embedded-mongo/index.js";
import { listenAndAnnounce } from "./announce.js";

/**
 * A reference point for the scan benchmark: Koa whose only work is one durable insert of a small
 * document into the embedded MongoDB (journal on disk, on its own thread, as `npm start` runs it).
 * No validation, tokens, Redis or logging. Prints its URL.
 */
const mongo = await startEmbeddedMongoThread({ dbPath: await mkdtemp(join(tmpdir(), "venue-code-one-write-")) });
await mongoose.connect(mongo.uri, { dbName: "one-write" });
const writes = mongoose.connection.collection("writes");
let n = 0;
// Inserts still running: the load generator closes its sockets at the end of a run without waiting
// for the answers, so the HTTP server may close while inserts are in flight. Closing the database
// connection under them would interrupt them (MongoClientClosedError); they finish first.
const inFlight = new Set<Promise<unknown>>();
const app = new Koa();
app.use(async (ctx) => {
  const insert = writes.insertOne({ n: n++, at: new Date() });
  inFlight.add(insert);
  try {
    await insert;
  } finally {
    inFlight.delete(insert);
  }
  ctx.status = 201;
  ctx.body = "ok";
});
listenAndAnnounce(app, async () => {
  await Promise.allSettled([...inFlight]);
  await mongoose.disconnect();
  await mongo.stop();
});

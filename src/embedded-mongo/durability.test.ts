import { type ChildProcess, spawn } from "node:child_process";
import { appendFile, chmod, mkdtemp, readdir, stat, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import mongoose from "mongoose";
import { afterEach, describe, expect, it } from "vitest";
import { type EmbeddedMongo, startEmbeddedMongo } from "./index.js";
import { journalPath } from "./storage/journal.js";

const started: EmbeddedMongo[] = [];
const clients: MongoClient[] = [];

async function start(options: Parameters<typeof startEmbeddedMongo>[0]) {
  const server = await startEmbeddedMongo(options);
  started.push(server);
  const client = await MongoClient.connect(server.uri);
  clients.push(client);
  return { server, db: client.db("durable") };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

const tempDir = () => mkdtemp(join(tmpdir(), "embedded-mongo-"));

describe("durability", () => {
  it("keeps acknowledged writes, indexes and updates across a restart", async () => {
    const dbPath = await tempDir();
    const first = await start({ dbPath });
    await first.db.collection("venues").createIndex({ code: 1 }, { unique: true });
    await first.db.collection("venues").insertMany([
      { code: "A", n: 1 },
      { code: "B", n: 1 },
    ]);
    await first.db.collection("venues").updateOne({ code: "A" }, { $set: { n: 2 } });
    await first.db.collection("venues").deleteOne({ code: "B" });
    await first.server.stop();

    const second = await start({ dbPath });
    expect(
      await second.db
        .collection("venues")
        .find({}, { projection: { _id: 0 } })
        .toArray(),
    ).toEqual([{ code: "A", n: 2 }]);
    const duplicate = await second.db
      .collection("venues")
      .insertOne({ code: "A" })
      .catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ code: 11000 });
  });

  it("drops a torn last record and keeps everything before it", async () => {
    const dbPath = await tempDir();
    const first = await start({ dbPath });
    await first.db.collection("c").insertOne({ _id: 1 } as never);
    await first.db.collection("c").insertOne({ _id: 2 } as never);
    await first.server.stop();
    const journal = journalPath(dbPath);
    const size = (await stat(journal)).size;
    await truncate(journal, size - 5);
    await appendFile(journal, Buffer.from([0xff, 0x00]));

    const second = await start({ dbPath });
    expect(second.server.recovered.truncatedBytes).toBeGreaterThan(0);
    expect(await second.db.collection("c").find().toArray()).toEqual([{ _id: 1 }]);
    await second.db.collection("c").insertOne({ _id: 3 } as never);
    await second.server.stop();
    const third = await start({ dbPath });
    expect(await third.db.collection("c").countDocuments()).toBe(2);
  });

  it("compacts the journal and rebuilds the same state from it", async () => {
    async function journalBytesAfterWorkload(dbPath: string, compactAfterRecords: number) {
      const { server, db } = await start({ dbPath, compactAfterRecords });
      const coll = db.collection<{ _id: number; n: number }>("counters");
      await coll.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: i, n: 0 })));
      for (let round = 0; round < 30; round++) await coll.updateMany({}, { $inc: { n: 1 } });
      await server.stop();
      return (await stat(journalPath(dbPath))).size;
    }
    const compactedPath = await tempDir();
    const compacted = await journalBytesAfterWorkload(compactedPath, 200);
    const uncompacted = await journalBytesAfterWorkload(await tempDir(), 1_000_000);
    expect(compacted).toBeLessThan(uncompacted / 3);

    const { db } = await start({ dbPath: compactedPath });
    const docs = await db.collection<{ _id: number; n: number }>("counters").find().toArray();
    expect(docs).toHaveLength(50);
    expect(docs.every((d) => d.n === 30)).toBe(true);
  });

  it("keeps its data directory to its own user (0700) and its journal files to it alone (0600)", async () => {
    const dbPath = join(await tempDir(), "data", "embedded-mongo");
    const { server, db } = await start({ dbPath, compactAfterRecords: 20 });
    for (let round = 0; round < 30; round++)
      await db.collection("c").updateOne({ _id: 1 as never }, { $inc: { n: 1 } }, { upsert: true });
    await server.stop();
    expect((await stat(dbPath)).mode & 0o777).toBe(0o700);
    const files = await readdir(dbPath);
    expect(files).toContain("journal.bson");
    for (const file of files) expect((await stat(join(dbPath, file))).mode & 0o777).toBe(0o600);
  });

  it("tightens a data directory and journal that an older version left readable", async () => {
    const dbPath = await tempDir();
    await chmod(dbPath, 0o755);
    await writeFile(journalPath(dbPath), "", { mode: 0o644 });
    await chmod(journalPath(dbPath), 0o644);
    await start({ dbPath });
    expect((await stat(dbPath)).mode & 0o777).toBe(0o700);
    expect((await stat(journalPath(dbPath))).mode & 0o777).toBe(0o600);
  });

  it("removes documents whose TTL date has passed", async () => {
    const { server } = await start({ ttlIntervalMs: 200 });
    const connection = await mongoose.createConnection(server.uri, { dbName: "ttl" }).asPromise();
    const Visit = connection.model(
      "TtlVisit",
      new mongoose.Schema({ expiresAt: { type: Date, expires: 0 }, label: String }),
    );
    await Visit.init();
    await Visit.create([
      { label: "expired", expiresAt: new Date(Date.now() - 1000) },
      { label: "soon", expiresAt: new Date(Date.now() + 500) },
      { label: "kept", expiresAt: new Date(Date.now() + 60_000) },
    ]);
    const deadline = Date.now() + 10_000;
    let labels: string[] = [];
    while (Date.now() < deadline) {
      labels = (await Visit.find().lean()).map((v) => String(v.label));
      if (labels.length === 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(labels).toEqual(["kept"]);
    await connection.close();
  });
});

describe("the stand-alone command", () => {
  function launch(dbPath: string): Promise<{ child: ChildProcess; uri: string }> {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/embedded-mongo/cli.ts", "--port", "0", "--dbpath", dbPath],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    return new Promise((resolve, reject) => {
      let output = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (mongodb:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve({ child, uri: match[1] });
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
  }

  it("keeps an acknowledged write through kill -9 and restart", async () => {
    const dbPath = await tempDir();
    const first = await launch(dbPath);
    const client = await MongoClient.connect(first.uri);
    await client.db("crash").collection("visits").insertOne({ person: "p1", venue: "v1" });
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    await client.close(true);

    const second = await launch(dbPath);
    const again = await MongoClient.connect(second.uri);
    expect(
      await again
        .db("crash")
        .collection("visits")
        .findOne({}, { projection: { _id: 0 } }),
    ).toEqual({
      person: "p1",
      venue: "v1",
    });
    await again.close();
    const exited = new Promise<number | null>((r) => second.child.once("exit", (code) => r(code)));
    second.child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

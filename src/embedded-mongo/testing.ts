import { MongoClient } from "mongodb";
import { afterAll, beforeAll } from "vitest";
import { type EmbeddedMongo, startEmbeddedMongo } from "./index.js";

/**
 * One embedded server and one official-driver client for a test file, started before its tests
 * and stopped after them.
 */
export function embeddedMongoForTests(): { server: () => EmbeddedMongo; client: () => MongoClient } {
  let server: EmbeddedMongo | undefined;
  let client: MongoClient | undefined;
  beforeAll(async () => {
    server = await startEmbeddedMongo();
    client = await MongoClient.connect(server.uri);
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the embedded MongoDB is not started yet");
    return value;
  };
  return { server: () => started(server), client: () => started(client) };
}

/** The error `work` fails with, or "no error". */
export function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => "no error",
    (error: unknown) => error,
  );
}

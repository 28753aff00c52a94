import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize, EJSON, serialize } from "bson";
import {
  type CommandFailedEvent,
  type CommandStartedEvent,
  type CommandSucceededEvent,
  type Db,
  type Document,
  MongoClient,
  MongoServerError,
} from "mongodb";
import { startEmbeddedMongo } from "../../src/embedded-mongo/index.js";
import { mismatch, show } from "./matching.js";
import { type Entity, runOperation, UnsupportedOperation } from "./operations.js";

/**
 * Runs MongoDB's CRUD specification tests (unified test format) against a freshly started
 * embedded server through the official driver:
 *   npm run -s mongo:spec -- <folder>
 * Checks results, errors, outcomes and, through the driver's command monitoring, `expectEvents`.
 * A failure where the driver itself sent something other than the test gave it is counted as the
 * driver's, with what it sent. Ends with `N passed, M failed, K skipped`; exits 1 when fewer than
 * 95% of attempted cases pass.
 */
const SERVER_VERSION = [7, 0, 0];
const REQUIRED_PASS_RATE = 0.95;

class SkipCase extends Error {}

/** A failure caused by what the driver sent, not by the server's answer. */
class DriverFailure extends Error {}

interface Requirement {
  minServerVersion?: string;
  maxServerVersion?: string;
  topologies?: string[];
  serverless?: string;
  auth?: boolean;
  csfle?: boolean;
  serverParameters?: Document;
}

function compareVersion(version: string): number {
  const parts = version.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const difference = (SERVER_VERSION[i] ?? 0) - (parts[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Why none of the requirements can be met by a standalone MongoDB 7.0, or null when one can. */
function unmetRequirements(requirements: Requirement[] | undefined): string | null {
  if (!requirements || requirements.length === 0) return null;
  const reasons = requirements.map((r) => {
    if (r.minServerVersion && compareVersion(r.minServerVersion) < 0) {
      return `written for servers >= ${r.minServerVersion}; the embedded server presents itself as MongoDB 7.0`;
    }
    if (r.maxServerVersion && compareVersion(r.maxServerVersion) > 0) {
      return `written for servers <= ${r.maxServerVersion}; the embedded server presents itself as MongoDB 7.0`;
    }
    if (r.topologies && !r.topologies.includes("single")) {
      return `needs a ${r.topologies.join(" or ")} topology; the embedded server is a standalone`;
    }
    if (r.serverless === "require") return "needs serverless";
    if (r.auth === true) return "needs authentication";
    if (r.csfle === true) return "needs client-side encryption";
    if (r.serverParameters) return "needs server parameters";
    return null;
  });
  return reasons.includes(null) ? null : reasons.join("; ");
}

interface Outcome {
  passed: number;
  failed: number;
  driverFailed: number;
  skipped: number;
}

/** Commands the unified format never observes (security-sensitive and the failpoint command). */
const UNOBSERVED = new Set([
  "hello",
  "ismaster",
  "isMaster",
  "saslStart",
  "saslContinue",
  "getnonce",
  "authenticate",
  "createUser",
  "updateUser",
  "copydbgetnonce",
  "copydbsaslstart",
  "copydb",
  "configureFailPoint",
]);

type ObservedEvent =
  | { type: "commandStartedEvent"; event: CommandStartedEvent }
  | { type: "commandSucceededEvent"; event: CommandSucceededEvent }
  | { type: "commandFailedEvent"; event: CommandFailedEvent };

interface ClientEntity {
  client: MongoClient;
  /** The events the test asked this client to observe, in order. */
  observed: ObservedEvent[];
  /** Every command the client sent, to tell what the driver did with an operation's arguments. */
  sent: CommandStartedEvent[];
}

async function resetCollections(client: MongoClient, initialData: Document[] | undefined): Promise<void> {
  for (const data of initialData ?? []) {
    const db = client.db(data.databaseName);
    await db.dropCollection(data.collectionName).catch(() => undefined);
    await db.createCollection(data.collectionName, data.createOptions ?? {});
    if (data.documents.length > 0) {
      await db.collection(data.collectionName).insertMany(data.documents, { writeConcern: { w: "majority" } });
    }
  }
}

function observe(spec: Document, client: MongoClient): ClientEntity {
  const wanted = new Set<string>(spec.observeEvents ?? []);
  const ignored = new Set<string>([...UNOBSERVED, ...(spec.ignoreCommandMonitoringEvents ?? [])]);
  const entity: ClientEntity = { client, observed: [], sent: [] };
  const record = (type: ObservedEvent["type"]) => (event: ObservedEvent["event"]) => {
    // The driver's own classes (ReadConcern, sort maps) as the documents they are on the wire.
    if ("command" in event) Object.assign(event, { command: deserialize(serialize(event.command)) });
    if ("reply" in event) Object.assign(event, { reply: deserialize(serialize(event.reply as Document)) });
    if (type === "commandStartedEvent") entity.sent.push(event as CommandStartedEvent);
    if (wanted.has(type) && !ignored.has(event.commandName)) entity.observed.push({ type, event } as ObservedEvent);
  };
  client.on("commandStarted", record("commandStartedEvent"));
  client.on("commandSucceeded", record("commandSucceededEvent"));
  client.on("commandFailed", record("commandFailedEvent"));
  return entity;
}

async function createEntities(uri: string, definitions: Document[] | undefined, clients: Map<string, ClientEntity>) {
  const entities = new Map<string, { kind: "client" | "database" | "collection"; entity: Entity }>();
  for (const definition of definitions ?? []) {
    const [kind, spec] = Object.entries(definition)[0] as [string, Document];
    if (kind === "client") {
      const client = new MongoClient(uri, { ...(spec.uriOptions ?? {}), maxPoolSize: 1, monitorCommands: true });
      clients.set(spec.id, observe(spec, client));
      entities.set(spec.id, { kind, entity: client });
    } else if (kind === "database") {
      const client = entities.get(spec.client)?.entity as MongoClient;
      entities.set(spec.id, { kind, entity: client.db(spec.databaseName, spec.databaseOptions) });
    } else if (kind === "collection") {
      const db = entities.get(spec.database)?.entity as Db;
      entities.set(spec.id, { kind, entity: db.collection(spec.collectionName, spec.collectionOptions) });
    } else {
      throw new SkipCase(`needs a ${kind} entity, which this runner does not create`);
    }
  }
  return entities;
}

function checkError(expected: Document, error: unknown): string | null {
  const e = error as MongoServerError & { result?: unknown; errorResponse?: Document };
  const fromServer = error instanceof MongoServerError;
  if (expected.isClientError === true && fromServer) return `expected a client error, got server error ${e.message}`;
  if (expected.isClientError === false && !fromServer) return `expected a server error, got ${String(error)}`;
  if (
    expected.errorContains &&
    !String(e.message).toLowerCase().includes(String(expected.errorContains).toLowerCase())
  ) {
    return `error "${e.message}" does not contain "${expected.errorContains}"`;
  }
  if (expected.errorCode !== undefined && e.code !== expected.errorCode)
    return `error code ${e.code}, expected ${expected.errorCode}`;
  if (expected.errorCodeName !== undefined && e.codeName !== expected.errorCodeName) {
    return `error code name ${e.codeName}, expected ${expected.errorCodeName}`;
  }
  if (expected.errorResponse) {
    const difference = mismatch(expected.errorResponse, e.errorResponse ?? {});
    if (difference) return `error response: ${difference}`;
  }
  if (expected.expectResult) {
    const result = e.result as { insertedCount?: number } | undefined;
    const actual = result && "insertedCount" in result ? result : undefined;
    const difference = mismatch(expected.expectResult, actual ? normalisePartial(actual) : undefined);
    if (difference) return `partial result: ${difference}`;
  }
  return null;
}

function normalisePartial(result: Document): Document {
  const { insertedCount, matchedCount, modifiedCount, deletedCount, upsertedCount, upsertedIds, insertedIds } = result;
  return { insertedCount, matchedCount, modifiedCount, deletedCount, upsertedCount, upsertedIds, insertedIds };
}

/** The event a test expects against the one the client saw; null when they match. */
function eventMismatch(expected: Document, actual: ObservedEvent | undefined): string | null {
  const [type, fields] = Object.entries(expected)[0] as [string, Document];
  if (!actual) return `expected a ${type}, saw none`;
  if (actual.type !== type) return `expected a ${type}, saw a ${actual.type} for ${actual.event.commandName}`;
  if (fields.commandName !== undefined && fields.commandName !== actual.event.commandName) {
    return `expected command ${fields.commandName}, saw ${actual.event.commandName}`;
  }
  if (actual.type === "commandStartedEvent") {
    if (fields.databaseName !== undefined && fields.databaseName !== actual.event.databaseName) {
      return `${actual.event.commandName} went to database ${actual.event.databaseName}, not ${fields.databaseName}`;
    }
    if (fields.command) return mismatch(fields.command, actual.event.command, true, actual.event.commandName);
  }
  if (actual.type === "commandSucceededEvent" && fields.reply) {
    return mismatch(fields.reply, actual.event.reply, true, `${actual.event.commandName} reply`);
  }
  return null;
}

function checkEvents(
  test: Document,
  clients: Map<string, ClientEntity>,
): { message: string; sentOtherwise: boolean } | null {
  for (const expected of (test.expectEvents ?? []) as Document[]) {
    const eventType = expected.eventType ?? "command";
    if (eventType !== "command") throw new SkipCase(`expects ${eventType} events, which this runner does not observe`);
    const client = clients.get(expected.client);
    if (!client) return { message: `no client ${expected.client}`, sentOtherwise: false };
    const events = expected.events as Document[];
    const seen = client.observed;
    if (!expected.ignoreExtraEvents && seen.length !== events.length) {
      const saw = seen.map((e) => `${e.type} ${e.event.commandName}`).join(", ");
      return { message: `expected ${events.length} events, saw ${seen.length}: ${saw}`, sentOtherwise: false };
    }
    for (const [i, event] of events.entries()) {
      const difference = eventMismatch(event, seen[i]);
      const startedAsExpected = seen[i]?.type === "commandStartedEvent" && "commandStartedEvent" in event;
      if (difference) return { message: `event ${i}: ${difference}`, sentOtherwise: startedAsExpected };
    }
  }
  return null;
}

/** Copies of the documents an insert operation hands the driver (which writes into them). */
function insertedDocuments(operation: Document): Document[] {
  const given: Document[] =
    operation.name === "insertOne"
      ? [operation.arguments?.document]
      : operation.name === "insertMany"
        ? (operation.arguments?.documents ?? [])
        : operation.name === "bulkWrite"
          ? ((operation.arguments?.requests ?? []) as Document[]).flatMap((r) =>
              r.insertOne ? [r.insertOne.document] : [],
            )
          : [];
  return given.map((document) => EJSON.parse(EJSON.stringify(document, { relaxed: false }), { relaxed: false }));
}

/**
 * Whether the driver sent an insert's documents other than the operation gave them (beyond
 * adding an _id a document lacked): then a failure is the driver's, not the server's.
 */
function driverRewrite(given: Document[], client: ClientEntity | undefined, from: number): string | null {
  if (!client || given.length === 0) return null;
  const sent = client.sent
    .slice(from)
    .flatMap((event) => (event.commandName === "insert" ? event.command.documents : []));
  for (const [i, document] of given.entries()) {
    const actual = sent[i] as Document | undefined;
    if (!actual || !document) continue;
    if (mismatch(document, actual, false)) {
      return `the driver sent ${show(actual)} for the test's ${show(document)}`;
    }
  }
  return null;
}

async function runnerOperation(operation: Document, internal: MongoClient): Promise<void> {
  const args = operation.arguments ?? {};
  const db = internal.db(args.databaseName);
  switch (operation.name) {
    case "assertCollectionExists":
    case "assertCollectionNotExists": {
      const exists = (await db.listCollections({ name: args.collectionName }).toArray()).length > 0;
      if (exists !== (operation.name === "assertCollectionExists")) {
        throw new Error(
          `${operation.name}: ${args.databaseName}.${args.collectionName} ${exists ? "exists" : "does not exist"}`,
        );
      }
      return;
    }
    case "assertIndexExists":
    case "assertIndexNotExists": {
      const indexes = await db
        .collection(args.collectionName)
        .listIndexes()
        .toArray()
        .catch(() => []);
      const exists = indexes.some((index) => index.name === args.indexName);
      if (exists !== (operation.name === "assertIndexExists")) {
        throw new Error(`${operation.name}: index ${args.indexName} ${exists ? "exists" : "does not exist"}`);
      }
      return;
    }
    case "failPoint":
    case "targetedFailPoint":
      throw new SkipCase(`needs failpoints (${operation.name}); the embedded server has no configureFailPoint`);
    default:
      throw new SkipCase(`runner operation ${operation.name} is not implemented by this runner`);
  }
}

async function runCase(uri: string, file: Document, test: Document, internal: MongoClient): Promise<void> {
  const skipReason = unmetRequirements(test.runOnRequirements);
  if (skipReason) throw new SkipCase(skipReason);
  if (test.skipReason) throw new SkipCase(`the specification skips it: ${test.skipReason}`);
  await resetCollections(internal, file.initialData);
  const clients = new Map<string, ClientEntity>();
  let driverCause: string | null = null;
  try {
    const entities = await createEntities(uri, file.createEntities, clients);
    const clientOf = (object: string): ClientEntity | undefined => {
      for (const definition of (file.createEntities ?? []) as Document[]) {
        const [kind, spec] = Object.entries(definition)[0] as [string, Document];
        if (spec.id !== object) continue;
        if (kind === "client") return clients.get(spec.id);
        return clientOf(kind === "database" ? spec.client : spec.database);
      }
      return undefined;
    };
    for (const operation of test.operations as Document[]) {
      if (operation.object === "testRunner") {
        await runnerOperation(operation, internal);
        continue;
      }
      const target = entities.get(operation.object);
      if (!target) throw new Error(`unknown entity ${operation.object}`);
      const client = clientOf(operation.object);
      const sentBefore = client?.sent.length ?? 0;
      const inserted = insertedDocuments(operation);
      let result: unknown;
      let error: unknown;
      try {
        result = await runOperation(target.kind, target.entity, operation.name, operation.arguments ?? {});
      } catch (caught) {
        if (caught instanceof UnsupportedOperation) throw new SkipCase(caught.message);
        error = caught;
      }
      driverCause ??= driverRewrite(inserted, client, sentBefore);
      if (operation.ignoreResultAndError) continue;
      if (operation.expectError) {
        if (!error) throw new Error(`${operation.name}: expected an error, got ${show(result)}`);
        const difference = checkError(operation.expectError, error);
        if (difference) throw new Error(`${operation.name}: ${difference}`);
        continue;
      }
      if (error) throw new Error(`${operation.name}: unexpected error ${String((error as Error).message ?? error)}`);
      if (operation.expectResult !== undefined) {
        const difference = mismatch(operation.expectResult, result);
        if (difference) throw new Error(`${operation.name}: ${difference}`);
      }
    }
    const eventDifference = checkEvents(test, clients);
    if (eventDifference?.sentOtherwise) {
      // A started event is what the driver sent: a different command is the driver's doing.
      driverCause ??= "the driver sent a command other than the specification's";
    }
    if (eventDifference) throw new Error(`expectEvents: ${eventDifference.message}`);
    for (const expected of test.outcome ?? []) {
      const documents = await internal
        .db(expected.databaseName)
        .collection(expected.collectionName)
        .find({}, { sort: { _id: 1 } })
        .toArray();
      const difference = mismatch(expected.documents, documents, false);
      if (difference) throw new Error(`outcome of ${expected.collectionName}: ${difference}`);
    }
  } catch (error) {
    if (driverCause && !(error instanceof SkipCase)) {
      throw new DriverFailure(`${error instanceof Error ? error.message : String(error)} — because ${driverCause}`);
    }
    throw error;
  } finally {
    await Promise.all([...clients.values()].map(({ client }) => client.close()));
  }
}

async function main(): Promise<number> {
  const folder = process.argv[2];
  if (!folder) {
    process.stderr.write("usage: npm run -s mongo:spec -- <folder of unified-format JSON files>\n");
    return 2;
  }
  const files = (await readdir(folder)).filter((name) => name.endsWith(".json")).sort();
  const dbPath = await mkdtemp(join(tmpdir(), "mongo-spec-"));
  const server = await startEmbeddedMongo({ dbPath });
  const internal = await MongoClient.connect(server.uri);
  const outcome: Outcome = { passed: 0, failed: 0, driverFailed: 0, skipped: 0 };
  try {
    for (const name of files) {
      const file = EJSON.parse(await readFile(join(folder, name), "utf8"), { relaxed: true }) as Document;
      const fileSkip = unmetRequirements(file.runOnRequirements);
      for (const test of file.tests as Document[]) {
        const label = `${name}: ${test.description}`;
        if (fileSkip) {
          outcome.skipped++;
          process.stdout.write(`SKIP ${label} (${fileSkip})\n`);
          continue;
        }
        try {
          await runCase(server.uri, file, test, internal);
          outcome.passed++;
        } catch (error) {
          if (error instanceof SkipCase) {
            outcome.skipped++;
            process.stdout.write(`SKIP ${label} (${error.message})\n`);
          } else if (error instanceof DriverFailure) {
            outcome.driverFailed++;
            process.stdout.write(`FAIL (driver) ${label}\n     ${error.message}\n`);
          } else {
            outcome.failed++;
            process.stdout.write(`FAIL ${label}\n     ${error instanceof Error ? error.message : String(error)}\n`);
          }
        }
      }
    }
  } finally {
    await internal.close();
    await server.stop();
    await rm(dbPath, { recursive: true, force: true });
  }
  const failed = outcome.failed + outcome.driverFailed;
  const attempted = outcome.passed + failed;
  const rate = attempted === 0 ? 0 : outcome.passed / attempted;
  process.stdout.write(`pass rate ${(rate * 100).toFixed(1)}% of ${attempted} attempted, expectEvents checked\n`);
  process.stdout.write(`failures caused by the driver: ${outcome.driverFailed}; by the server: ${outcome.failed}\n`);
  process.stdout.write(`${outcome.passed} passed, ${failed} failed, ${outcome.skipped} skipped\n`);
  return rate >= REQUIRED_PASS_RATE ? 0 : 1;
}

process.exitCode = await main();

import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EJSON } from "bson";
import { type Db, type Document, MongoClient, MongoServerError } from "mongodb";
import { startEmbeddedMongo } from "../../src/embedded-mongo/index.js";
import { mismatch, show } from "./matching.js";
import { type Entity, runOperation, UnsupportedOperation } from "./operations.js";

/**
 * Runs MongoDB's CRUD specification tests (unified test format) against a freshly started
 * embedded server through the official driver:
 *   npm run -s mongo:spec -- <folder>
 * Ends with `N passed, M failed, K skipped`; exits 1 when fewer than 90% of attempted cases pass.
 */
const SERVER_VERSION = [7, 0, 0];
const REQUIRED_PASS_RATE = 0.9;

class SkipCase extends Error {}

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
    if (r.minServerVersion && compareVersion(r.minServerVersion) < 0) return `needs server >= ${r.minServerVersion}`;
    if (r.maxServerVersion && compareVersion(r.maxServerVersion) > 0) return `needs server <= ${r.maxServerVersion}`;
    if (r.topologies && !r.topologies.includes("single")) return `needs topology ${r.topologies.join("/")}`;
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
  skipped: number;
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

async function createEntities(uri: string, definitions: Document[] | undefined, clients: MongoClient[]) {
  const entities = new Map<string, { kind: "client" | "database" | "collection"; entity: Entity }>();
  for (const definition of definitions ?? []) {
    const [kind, spec] = Object.entries(definition)[0] as [string, Document];
    if (kind === "client") {
      const client = new MongoClient(uri, { ...(spec.uriOptions ?? {}), maxPoolSize: 1 });
      clients.push(client);
      entities.set(spec.id, { kind, entity: client });
    } else if (kind === "database") {
      const client = entities.get(spec.client)?.entity as MongoClient;
      entities.set(spec.id, { kind, entity: client.db(spec.databaseName, spec.databaseOptions) });
    } else if (kind === "collection") {
      const db = entities.get(spec.database)?.entity as Db;
      entities.set(spec.id, { kind, entity: db.collection(spec.collectionName, spec.collectionOptions) });
    } else {
      throw new SkipCase(`entity type ${kind} is not supported by this runner`);
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

async function runCase(uri: string, file: Document, test: Document, internal: MongoClient): Promise<void> {
  const skipReason = unmetRequirements(test.runOnRequirements);
  if (skipReason) throw new SkipCase(skipReason);
  if (test.skipReason) throw new SkipCase(test.skipReason);
  await resetCollections(internal, file.initialData);
  const clients: MongoClient[] = [];
  try {
    const entities = await createEntities(uri, file.createEntities, clients);
    for (const operation of test.operations as Document[]) {
      if (operation.object === "testRunner")
        throw new SkipCase(`test runner operation ${operation.name}: failpoints need a real mongod`);
      const target = entities.get(operation.object);
      if (!target) throw new Error(`unknown entity ${operation.object}`);
      let result: unknown;
      let error: unknown;
      try {
        result = await runOperation(target.kind, target.entity, operation.name, operation.arguments ?? {});
      } catch (caught) {
        if (caught instanceof UnsupportedOperation) throw new SkipCase(caught.message);
        error = caught;
      }
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
    for (const expected of test.outcome ?? []) {
      const documents = await internal
        .db(expected.databaseName)
        .collection(expected.collectionName)
        .find({}, { sort: { _id: 1 } })
        .toArray();
      const difference = mismatch(expected.documents, documents, false);
      if (difference) throw new Error(`outcome of ${expected.collectionName}: ${difference}`);
    }
  } finally {
    await Promise.all(clients.map((client) => client.close()));
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
  const outcome: Outcome = { passed: 0, failed: 0, skipped: 0 };
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
  const attempted = outcome.passed + outcome.failed;
  const rate = attempted === 0 ? 0 : outcome.passed / attempted;
  process.stdout.write(`pass rate ${(rate * 100).toFixed(1)}% of ${attempted} attempted\n`);
  process.stdout.write(`${outcome.passed} passed, ${outcome.failed} failed, ${outcome.skipped} skipped\n`);
  return rate >= REQUIRED_PASS_RATE ? 0 : 1;
}

process.exitCode = await main();

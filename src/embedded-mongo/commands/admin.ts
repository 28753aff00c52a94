import { type Document, Long } from "bson";
import { MongoCommandError } from "../errors.js";
import type { CommandContext, CommandHandler } from "./context.js";

export const SERVER_VERSION = "7.0.0";
const MAX_WIRE_VERSION = 21;

function hello(context: CommandContext): Document {
  const legacyName = context.name.toLowerCase() === "ismaster";
  return {
    ...(legacyName ? { ismaster: true } : { isWritablePrimary: true }),
    helloOk: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: context.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

function buildInfo(): Document {
  return {
    version: SERVER_VERSION,
    gitVersion: "venue-code-embedded",
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: 16 * 1024 * 1024,
    storageEngines: ["journal"],
    modules: [],
    ok: 1,
  };
}

const PARAMETERS: Document = {
  featureCompatibilityVersion: { version: "7.0" },
  authenticationMechanisms: [],
  requireApiVersion: false,
  enableTestCommands: false,
};

function getParameter(context: CommandContext): Document {
  const { command } = context;
  if (command.getParameter === "*") return { ...PARAMETERS, ok: 1 };
  const reply: Document = {};
  for (const name of Object.keys(command)) if (name in PARAMETERS) reply[name] = PARAMETERS[name];
  if (Object.keys(reply).length === 0) throw new MongoCommandError("InvalidOptions", "no option found to get");
  return { ...reply, ok: 1 };
}

function serverStatus(context: CommandContext): Document {
  const { server } = context;
  return {
    host: `${server.host}:${server.port}`,
    version: SERVER_VERSION,
    process: "mongod",
    pid: Long.fromNumber(process.pid),
    uptime: (Date.now() - server.startedAt) / 1000,
    localTime: new Date(),
    connections: { current: server.connections(), available: 1000 },
    ok: 1,
  };
}

function listDatabases(context: CommandContext): Document {
  const { engine } = context.server;
  const databases = engine.databaseNames().map((name) => {
    const documents = engine.collectionsOf(name).reduce((sum, coll) => sum + coll.size, 0);
    return { name, sizeOnDisk: documents * 256, empty: documents === 0 };
  });
  if (context.command.nameOnly) return { databases: databases.map(({ name }) => ({ name })), ok: 1 };
  return { databases, totalSize: databases.reduce((sum, db) => sum + db.sizeOnDisk, 0), ok: 1 };
}

function dbStats(context: CommandContext): Document {
  const collections = context.server.engine.collectionsOf(context.db);
  const objects = collections.reduce((sum, coll) => sum + coll.size, 0);
  return { db: context.db, collections: collections.length, objects, dataSize: objects * 256, ok: 1 };
}

const ok: CommandHandler = () => ({ ok: 1 });

export const adminCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: ok,
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  serverStatus,
  listDatabases,
  dbStats,
  endSessions: ok,
  killSessions: ok,
  killAllSessions: ok,
  refreshSessions: ok,
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  whatsmyuri: () => ({ you: "127.0.0.1", ok: 1 }),
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
};

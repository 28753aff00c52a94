import type { Client } from "../client.js";
import { RedisError, syntaxError, wrongArity } from "../errors.js";
import type { ServerState } from "../state.js";
import { type CommandSpec, integerArg, isWord } from "./spec.js";

/** Connection and server commands: PING, ECHO, HELLO, SELECT, CLIENT, QUIT, INFO, DBSIZE, FLUSHDB, FLUSHALL. */

/** The Redis version whose behaviour this server follows; clients check it for features. */
export const REDIS_VERSION = "7.0.0";

function ping(client: Client, args: string[]): void {
  if (args.length > 2) throw wrongArity("ping");
  const reply = client.reply;
  // A RESP2 connection in subscribe mode cannot tell a reply from a message, so PING answers as one.
  if (reply.protocol === 2 && client.subscriptions > 0) {
    reply.array(2);
    reply.bulk("pong");
    reply.bulk(args[1] ?? "");
  } else if (args.length === 2) reply.bulk(args[1] as string);
  else reply.simple("PONG");
}

function hello(client: Client, args: string[]): void {
  let protocol = client.reply.protocol;
  let name: string | null = null;
  if (args.length >= 2) {
    const version = Number(args[1]);
    if (!/^-?\d+$/.test(args[1] as string)) {
      throw new RedisError("ERR Protocol version is not an integer or out of range");
    }
    if (version !== 2 && version !== 3) throw new RedisError("NOPROTO unsupported protocol version");
    protocol = version;
    for (let i = 2; i < args.length; i++) {
      const more = args.length - 1 - i;
      if (isWord(args, i, "AUTH") && more >= 2) {
        // No passwords are set: like Redis's nopass default user, any password is accepted.
        if (args[i + 1] !== "default") {
          throw new RedisError("WRONGPASS invalid username-password pair or user is disabled.");
        }
        i += 2;
      } else if (isWord(args, i, "SETNAME") && more >= 1) {
        name = checkedName(args[++i] as string);
      } else {
        throw new RedisError(`ERR Syntax error in HELLO option '${args[i]}'`);
      }
    }
  }
  if (name !== null) client.name = name;
  const reply = client.reply;
  reply.protocol = protocol;
  reply.map(7);
  reply.bulk("server");
  reply.bulk("redis");
  reply.bulk("version");
  reply.bulk(REDIS_VERSION);
  reply.bulk("proto");
  reply.integer(protocol);
  reply.bulk("id");
  reply.integer(client.id);
  reply.bulk("mode");
  reply.bulk("standalone");
  reply.bulk("role");
  reply.bulk("master");
  reply.bulk("modules");
  reply.array(0);
}

function checkedName(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 33 || code > 126) {
      throw new RedisError("ERR Client names cannot contain spaces, newlines or special characters.");
    }
  }
  return name;
}

function select(client: Client, args: string[]): void {
  const index = integerArg(args[1] as string);
  const database = client.server.databases[index];
  if (!database) throw new RedisError("ERR DB index is out of range");
  client.db = database;
  client.reply.ok();
}

function flushOption(args: string[]): void {
  if (args.length > 2 || (args.length === 2 && !isWord(args, 1, "ASYNC") && !isWord(args, 1, "SYNC"))) {
    throw syntaxError();
  }
}

function infoText(server: ServerState, sections: string[]): string {
  const wanted = new Set(sections.map((section) => section.toLowerCase()));
  const all = wanted.size === 0 || wanted.has("all") || wanted.has("everything") || wanted.has("default");
  const memory = process.memoryUsage();
  const now = Date.now();
  const blocked = [...server.clients].filter((client) => client.blocked).length;
  const groups: [string, [string, string | number][]][] = [
    [
      "Server",
      [
        ["redis_version", REDIS_VERSION],
        ["redis_mode", "standalone"],
        ["server_name", "venue-code embedded Redis"],
        ["os", `${process.platform} ${process.arch}`],
        ["arch_bits", 64],
        ["process_id", process.pid],
        ["tcp_port", server.port],
        ["uptime_in_seconds", Math.floor((now - server.stats.startedAt) / 1000)],
      ],
    ],
    [
      "Clients",
      [
        ["connected_clients", server.clients.size],
        ["blocked_clients", blocked],
        ["pubsub_clients", [...server.clients].filter((client) => client.subscriptions > 0).length],
      ],
    ],
    [
      "Memory",
      [
        ["used_memory", memory.heapUsed],
        ["used_memory_rss", memory.rss],
      ],
    ],
    [
      "Persistence",
      [
        ["loading", server.loading ? 1 : 0],
        ["aof_enabled", server.aof ? 1 : 0],
        ["aof_rewrite_in_progress", 0],
        ["aof_rewrites", server.aof?.rewrites ?? 0],
        ["aof_current_size", server.aof?.bytes ?? 0],
        ["aof_last_write_status", "ok"],
      ],
    ],
    [
      "Stats",
      [
        ["total_connections_received", server.stats.connections],
        ["total_commands_processed", server.stats.commands],
        ["expired_keys", server.stats.expiredKeys],
        ["pubsub_channels", server.channels.size],
        ["pubsub_patterns", server.patterns.size],
      ],
    ],
    [
      "Replication",
      [
        ["role", "master"],
        ["connected_slaves", 0],
      ],
    ],
    [
      "Keyspace",
      server.databases
        .filter((database) => database.data.size > 0)
        .map((database) => [
          `db${database.index}`,
          `keys=${database.data.size},expires=${database.expires.size},avg_ttl=0`,
        ]),
    ],
  ];
  return groups
    .filter(([title]) => all || wanted.has(title.toLowerCase()))
    .map(([title, fields]) => `# ${title}\r\n${fields.map(([name, value]) => `${name}:${value}\r\n`).join("")}`)
    .join("\r\n");
}

export const connectionCommands: CommandSpec[] = [
  { name: "ping", arity: -1, pubsub: true, run: ping },
  { name: "echo", arity: 2, run: (client, args) => client.reply.bulk(args[1] as string) },
  { name: "hello", arity: -1, pubsub: true, run: hello },
  { name: "select", arity: 2, run: select },
  {
    name: "quit",
    arity: -1,
    pubsub: true,
    transactionControl: true,
    run: (client) => {
      client.closeAfterReply = true;
      client.reply.ok();
    },
  },
  {
    name: "client",
    arity: -2,
    subcommands: [
      {
        name: "setname",
        arity: 3,
        run: (client, args) => {
          client.name = checkedName(args[2] as string);
          client.reply.ok();
        },
      },
      {
        name: "getname",
        arity: 2,
        run: (client) => (client.name ? client.reply.bulk(client.name) : client.reply.nullBulk()),
      },
      { name: "id", arity: 2, run: (client) => client.reply.integer(client.id) },
    ],
  },
  {
    name: "info",
    arity: -1,
    run: (client, args) => client.reply.verbatim(infoText(client.server, args.slice(1))),
  },
  { name: "dbsize", arity: 1, run: (client) => client.reply.integer(client.db.data.size) },
  {
    name: "flushdb",
    arity: -1,
    run: (client, args) => {
      flushOption(args);
      client.db.clear();
      client.server.propagate(client.db.index, ["FLUSHDB"]);
      client.reply.ok();
    },
  },
  {
    name: "flushall",
    arity: -1,
    run: (client, args) => {
      flushOption(args);
      for (const database of client.server.databases) database.clear();
      client.server.propagate(client.db.index, ["FLUSHALL"]);
      client.reply.ok();
    },
  },
];

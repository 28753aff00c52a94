import type { Client } from "../client.js";
import { globMatches } from "../glob.js";
import type { ServerState } from "../state.js";
import type { CommandSpec } from "./spec.js";

/** Publish/subscribe: channels and patterns. Messages are pushes in RESP3, arrays in RESP2. */

function confirm(client: Client, kind: string, name: string | null): void {
  const reply = client.reply;
  reply.push(3);
  reply.bulk(kind);
  if (name === null) reply.nullBulk();
  else reply.bulk(name);
  reply.integer(client.subscriptions);
}

function subscriber(
  registry: (server: ServerState) => Map<string, Set<Client>>,
  own: (client: Client) => Set<string>,
  kind: string,
) {
  return (client: Client, args: string[]): void => {
    const subscribers = registry(client.server);
    for (let i = 1; i < args.length; i++) {
      const name = args[i] as string;
      if (!own(client).has(name)) {
        own(client).add(name);
        let set = subscribers.get(name);
        if (!set) {
          set = new Set();
          subscribers.set(name, set);
        }
        set.add(client);
      }
      confirm(client, kind, name);
    }
  };
}

function unsubscriber(
  registry: (server: ServerState) => Map<string, Set<Client>>,
  own: (client: Client) => Set<string>,
  kind: string,
) {
  return (client: Client, args: string[]): void => {
    const names = args.length > 1 ? args.slice(1) : [...own(client)];
    if (names.length === 0) {
      confirm(client, kind, null);
      return;
    }
    for (const name of names) {
      if (own(client).delete(name)) client.server.unsubscribe(registry(client.server), name, client);
      confirm(client, kind, name);
    }
  };
}

function publish(client: Client, args: string[]): void {
  const [, channel, message] = args as [string, string, string];
  const server = client.server;
  let receivers = 0;
  for (const target of server.channels.get(channel) ?? []) {
    const reply = target.reply;
    reply.push(3);
    reply.bulk("message");
    reply.bulk(channel);
    reply.bulk(message);
    if (target !== client) server.replyLater(target);
    receivers++;
  }
  for (const [pattern, targets] of server.patterns) {
    if (!globMatches(pattern, channel)) continue;
    for (const target of targets) {
      const reply = target.reply;
      reply.push(4);
      reply.bulk("pmessage");
      reply.bulk(pattern);
      reply.bulk(channel);
      reply.bulk(message);
      if (target !== client) server.replyLater(target);
      receivers++;
    }
  }
  client.reply.integer(receivers);
}

const channelsOf = (server: ServerState) => server.channels;
const patternsOf = (server: ServerState) => server.patterns;

export const pubsubCommands: CommandSpec[] = [
  { name: "publish", arity: 3, run: publish },
  { name: "subscribe", arity: -2, pubsub: true, run: subscriber(channelsOf, (c) => c.channels, "subscribe") },
  { name: "unsubscribe", arity: -1, pubsub: true, run: unsubscriber(channelsOf, (c) => c.channels, "unsubscribe") },
  { name: "psubscribe", arity: -2, pubsub: true, run: subscriber(patternsOf, (c) => c.patterns, "psubscribe") },
  {
    name: "punsubscribe",
    arity: -1,
    pubsub: true,
    run: unsubscriber(patternsOf, (c) => c.patterns, "punsubscribe"),
  },
];

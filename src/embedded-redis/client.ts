import type { Database } from "./keyspace.js";
import { ReplyWriter } from "./resp.js";
import type { ServerState } from "./state.js";

/** One connection's state: its database, protocol, transaction, subscriptions and blocked read. */
export class Client {
  readonly reply = new ReplyWriter();
  name = "";
  libraryName = "";
  libraryVersion = "";
  /** Commands queued since MULTI, or null outside a transaction. */
  transaction: string[][] | null = null;
  /** A command queued after MULTI was refused, so EXEC must refuse the whole transaction. */
  transactionFailed = false;
  /** Inside EXEC (or replaying the append-only file) commands answer at once instead of blocking. */
  mayBlock = true;
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  /** The blocked command, its keys (`db:key`) and when it times out (Infinity: never). */
  blocked: { args: string[]; keys: string[]; deadline: number; timer: NodeJS.Timeout | null } | null = null;
  /** Set while a blocked command is tried again, so it keeps its first deadline. */
  retryDeadline: number | undefined = undefined;
  closeAfterReply = false;
  createdAt: number;

  constructor(
    readonly id: number,
    readonly server: ServerState,
    public db: Database,
    /** Sends bytes to the peer (nothing for the client that replays the append-only file). */
    readonly send: (data: string) => void,
    /** Reads the commands a client sent while it was blocked. */
    readonly resume: () => void,
  ) {
    this.createdAt = server.now;
  }

  get subscriptions(): number {
    return this.channels.size + this.patterns.size;
  }
}

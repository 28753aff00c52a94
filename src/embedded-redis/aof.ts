import {
  chmodSync,
  closeSync,
  fdatasyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { encodeCommand, ProtocolError, RequestParser } from "./resp.js";

const FILE_NAME = "appendonly.aof";
/** Rewrite once the file is this big and has doubled since the last rewrite (Redis: 64 MB, 100%). */
const DEFAULT_REWRITE_MIN_BYTES = 16 * 1024 * 1024;
const REWRITE_CHUNK_CHARS = 1024 * 1024;

export interface AofReplay {
  commands: number;
  /** Bytes of a torn last command cut off the end. */
  truncatedBytes: number;
}

/**
 * The append-only file, in Redis's own format (the commands, framed as clients send them), with
 * Redis's `appendfsync everysec`: what commands change is written to the file before their replies
 * go out (so killing the process loses nothing), and flushed to the disk once a second (so a power
 * cut loses at most the last second). Private data: the directory is 0700 and the files 0600.
 */
export class AppendOnlyFile {
  private pending = "";
  private selected = -1;
  private size = 0;
  private sizeAfterRewrite = 0;
  private unsynced = false;
  private readonly syncTimer: NodeJS.Timeout;
  rewrites = 0;

  private constructor(
    private readonly dir: string,
    private fd: number,
    private readonly rewriteMinBytes: number,
    private readonly snapshot: () => Iterable<string[]>,
  ) {
    this.syncTimer = setInterval(() => this.sync(), 1000);
    this.syncTimer.unref();
  }

  /**
   * Opens the file in `dir` (both created when missing), replaying every whole command in it
   * through `replay`, and cutting off a command torn by a crash.
   */
  static open(
    dir: string,
    replay: (args: string[]) => void,
    snapshot: () => Iterable<string[]>,
    rewriteMinBytes = DEFAULT_REWRITE_MIN_BYTES,
  ): { aof: AppendOnlyFile; replayed: AofReplay } {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    rmSync(join(dir, `${FILE_NAME}.rewrite`), { force: true });
    const path = join(dir, FILE_NAME);
    const fd = openSync(path, "a+", 0o600);
    chmodSync(path, 0o600);
    const contents = readFileSync(path);
    const parser = new RequestParser();
    let commands = 0;
    parser.feed(contents);
    try {
      for (let args = parser.next(); args; args = parser.next()) {
        replay(args);
        commands++;
      }
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
    }
    const truncatedBytes = contents.length - parser.consumed;
    if (truncatedBytes > 0) {
      ftruncateSync(fd, parser.consumed);
      fdatasyncSync(fd);
    }
    const aof = new AppendOnlyFile(dir, fd, rewriteMinBytes, snapshot);
    aof.size = parser.consumed;
    aof.sizeAfterRewrite = parser.consumed;
    return { aof, replayed: { commands, truncatedBytes } };
  }

  /** Queues a command that changed database `db`; `flush()` writes it. */
  append(db: number, args: readonly string[]): void {
    if (db !== this.selected) {
      this.pending += encodeCommand(["SELECT", String(db)]);
      this.selected = db;
    }
    this.pending += encodeCommand(args);
  }

  /** A position in the queued text, to wrap what follows in MULTI/EXEC (see `wrapSince`). */
  mark(): number {
    return this.pending.length;
  }

  /** Makes the commands queued since `mark` one transaction, so a replay applies all or none. */
  wrapSince(mark: number): void {
    if (this.pending.length === mark) return;
    this.pending = `${this.pending.slice(0, mark)}${encodeCommand(["MULTI"])}${this.pending.slice(mark)}${encodeCommand(["EXEC"])}`;
  }

  /** Writes the queued commands to the file (not yet to the disk), and rewrites it when it has grown. */
  flush(): void {
    if (this.pending === "") return;
    const written = writeSync(this.fd, this.pending, null, "latin1");
    this.size += written;
    this.pending = "";
    this.unsynced = true;
    if (this.size >= this.rewriteMinBytes && this.size >= 2 * this.sizeAfterRewrite) this.rewrite();
  }

  /**
   * Replaces the file with the shortest commands that rebuild the current data. Redis forks for
   * this; here the snapshot is written synchronously, which takes milliseconds for the data sizes
   * this server is meant for.
   */
  rewrite(): void {
    this.flush();
    const path = join(this.dir, FILE_NAME);
    const temporary = `${path}.rewrite`;
    const fd = openSync(temporary, "w", 0o600);
    let size = 0;
    try {
      let chunk = "";
      for (const args of this.snapshot()) {
        chunk += encodeCommand(args);
        if (chunk.length >= REWRITE_CHUNK_CHARS) {
          size += writeSync(fd, chunk, null, "latin1");
          chunk = "";
        }
      }
      size += writeSync(fd, chunk, null, "latin1");
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    syncDirectory(this.dir);
    closeSync(this.fd);
    this.fd = openSync(path, "a", 0o600);
    this.size = size;
    this.sizeAfterRewrite = size;
    this.selected = -1;
    this.unsynced = false;
    this.rewrites++;
  }

  get bytes(): number {
    return this.size;
  }

  private sync(): void {
    if (!this.unsynced) return;
    this.unsynced = false;
    fdatasyncSync(this.fd);
  }

  close(): void {
    clearInterval(this.syncTimer);
    this.flush();
    fdatasyncSync(this.fd);
    closeSync(this.fd);
  }
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function aofPath(dir: string): string {
  return join(dir, FILE_NAME);
}

/**
 * RESP, the Redis serialization protocol. Every byte string is kept as a "binary string": a JS
 * string with one char per byte (latin1), so keys and values are binary-safe, their length is
 * their byte length, and they go back on the wire unchanged.
 */

const CR = 13;
const ASTERISK = 42;
const DOLLAR = 36;
/** Redis's own limits: proto-max-bulk-len, and the longest inline command it reads. */
const MAX_BULK_BYTES = 512 * 1024 * 1024;
const MAX_INLINE_BYTES = 64 * 1024;
const MAX_MULTIBULK_LENGTH = 1024 * 1024;

export class ProtocolError extends Error {}

/**
 * Reads commands out of a connection's bytes as they arrive. Commands are pulled one at a time
 * (`next()`), so a client blocked by one command keeps its later commands unread, as in Redis.
 * A command split across chunks keeps the arguments already read; only the unread tail is kept.
 */
export class RequestParser {
  private buffer: Buffer = Buffer.alloc(0);
  private position = 0;
  /** Chunks of a long bulk string still arriving, joined once it is all there. */
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  private needed = 0;
  private args: string[] | null = null;
  private remaining = 0;
  private bulkLength = -1;
  /** Bytes read of the command not yet complete. */
  private partialBytes = 0;
  /** Bytes of complete commands read so far (where a torn append-only file is cut). */
  consumed = 0;

  feed(chunk: Buffer): void {
    if (this.waiting.length > 0 || (this.needed > 0 && this.position < this.buffer.length)) {
      if (this.waiting.length === 0) {
        const rest = this.buffer.subarray(this.position);
        this.waiting.push(rest);
        this.waitingBytes = rest.length;
      }
      this.waiting.push(chunk);
      this.waitingBytes += chunk.length;
      if (this.waitingBytes < this.needed) return;
      this.buffer = Buffer.concat(this.waiting, this.waitingBytes);
      this.waiting = [];
      this.waitingBytes = 0;
    } else if (this.position < this.buffer.length) {
      this.buffer = Buffer.concat([this.buffer.subarray(this.position), chunk]);
    } else {
      this.buffer = chunk;
    }
    this.position = 0;
    this.needed = 0;
  }

  /** The next complete command, or null until more bytes arrive. */
  next(): string[] | null {
    if (this.waiting.length > 0) return null;
    const buffer = this.buffer;
    const end = buffer.length;
    let position = this.position;
    if (this.args === null) {
      if (position >= end) return null;
      if (buffer[position] !== ASTERISK) return this.inline();
      const lineEnd = buffer.indexOf(CR, position);
      if (lineEnd < 0 || lineEnd + 1 >= end) return this.partialLine(end - position);
      const count = readInteger(buffer, position + 1, lineEnd);
      if (count === null || count > MAX_MULTIBULK_LENGTH) throw new ProtocolError("invalid multibulk length");
      position = lineEnd + 2;
      if (count <= 0) {
        this.consumed += position - this.position;
        this.position = position;
        return this.next();
      }
      this.args = [];
      this.remaining = count;
    }
    const args = this.args;
    while (this.remaining > 0) {
      if (this.bulkLength < 0) {
        if (position >= end) return this.stop(position, 1);
        if (buffer[position] !== DOLLAR) {
          throw new ProtocolError(`expected '$', got '${String.fromCharCode(buffer[position] ?? 0)}'`);
        }
        const lineEnd = buffer.indexOf(CR, position);
        if (lineEnd < 0 || lineEnd + 1 >= end) {
          if (end - position > MAX_INLINE_BYTES) throw new ProtocolError("too big bulk count string");
          return this.stop(position, 1);
        }
        const length = readInteger(buffer, position + 1, lineEnd);
        if (length === null || length < 0 || length > MAX_BULK_BYTES) throw new ProtocolError("invalid bulk length");
        this.bulkLength = length;
        position = lineEnd + 2;
      }
      if (end - position < this.bulkLength + 2) return this.stop(position, this.bulkLength + 2);
      args.push(buffer.toString("latin1", position, position + this.bulkLength));
      position += this.bulkLength + 2;
      this.bulkLength = -1;
      this.remaining--;
    }
    this.args = null;
    this.consumed += this.partialBytes + position - this.position;
    this.partialBytes = 0;
    this.position = position;
    return args;
  }

  /** Keeps what was read of an unfinished command; `bytes` more (from `position`) are needed to go on. */
  private stop(position: number, bytes: number): null {
    this.partialBytes += position - this.position;
    this.position = position;
    this.needed = bytes;
    return null;
  }

  private partialLine(unread: number): null {
    if (unread > MAX_INLINE_BYTES) throw new ProtocolError("too big mbulk count string");
    this.needed = 1;
    return null;
  }

  /** An inline command (`PING\r\n`, as typed into telnet): words separated by spaces. */
  private inline(): string[] | null {
    const lineEnd = this.buffer.indexOf(10, this.position);
    if (lineEnd < 0) {
      if (this.buffer.length - this.position > MAX_INLINE_BYTES) throw new ProtocolError("too big inline request");
      this.needed = 1;
      return null;
    }
    const line = this.buffer.toString("latin1", this.position, lineEnd).replace(/\r$/, "");
    this.consumed += lineEnd + 1 - this.position;
    this.position = lineEnd + 1;
    const words = line.split(" ").filter((word) => word !== "");
    return words.length > 0 ? words : this.next();
  }
}

/** A non-negative or negative decimal between `start` and `end`, or null when it is not one. */
function readInteger(buffer: Buffer, start: number, end: number): number | null {
  let negative = false;
  let position = start;
  if (buffer[position] === 45) {
    negative = true;
    position++;
  }
  if (position >= end || end - position > 15) return null;
  let value = 0;
  for (; position < end; position++) {
    const digit = (buffer[position] ?? 0) - 48;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

/**
 * A connection's replies, gathered into one string and written once per turn of the event loop.
 * RESP2 and RESP3 differ in nulls, maps, sets, pushes and verbatim strings; the writer hides that.
 */
export class ReplyWriter {
  out = "";
  protocol: 2 | 3 = 2;

  simple(text: string): void {
    this.out += `+${text}\r\n`;
  }
  ok(): void {
    this.out += "+OK\r\n";
  }
  error(message: string): void {
    this.out += `-${message}\r\n`;
  }
  integer(value: number | bigint): void {
    this.out += `:${value}\r\n`;
  }
  bulk(value: string): void {
    this.out += `$${value.length}\r\n${value}\r\n`;
  }
  nullBulk(): void {
    this.out += this.protocol === 3 ? "_\r\n" : "$-1\r\n";
  }
  nullArray(): void {
    this.out += this.protocol === 3 ? "_\r\n" : "*-1\r\n";
  }
  array(length: number): void {
    this.out += `*${length}\r\n`;
  }
  /** A map of `pairs` keys and values (a flat array of twice the length in RESP2). */
  map(pairs: number): void {
    this.out += this.protocol === 3 ? `%${pairs}\r\n` : `*${pairs * 2}\r\n`;
  }
  /** Out-of-band data: pub/sub messages (a plain array in RESP2). */
  push(length: number): void {
    this.out += this.protocol === 3 ? `>${length}\r\n` : `*${length}\r\n`;
  }
  /** Text meant for people, such as INFO (a bulk string in RESP2). */
  verbatim(text: string): void {
    if (this.protocol === 3) this.out += `=${text.length + 4}\r\ntxt:${text}\r\n`;
    else this.bulk(text);
  }
  bulkArray(values: readonly string[]): void {
    this.out += `*${values.length}\r\n`;
    for (const value of values) this.out += `$${value.length}\r\n${value}\r\n`;
  }
}

/** A command as the append-only file stores it: the same framing clients send. */
export function encodeCommand(args: readonly string[]): string {
  let encoded = `*${args.length}\r\n`;
  for (const arg of args) encoded += `$${arg.length}\r\n${arg}\r\n`;
  return encoded;
}

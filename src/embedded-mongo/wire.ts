import type { Document } from "bson";
import { decode, encode } from "./bson/codec.js";

/** MongoDB wire protocol op codes this server reads and writes. */
export const OpCode = { REPLY: 1, QUERY: 2004, MSG: 2013 } as const;

const HEADER_BYTES = 16;
const MSG_CHECKSUM_PRESENT = 1;
const MSG_MORE_TO_COME = 2;
export const MAX_MESSAGE_BYTES = 48_000_000;

export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

/** A request decoded from OP_MSG or OP_QUERY: the command document, sequences merged in. */
export interface CommandRequest {
  header: MessageHeader;
  command: Document;
  /** OP_MSG with moreToCome: the client expects no reply (unacknowledged writes). */
  noReply: boolean;
  legacy: boolean;
}

export class WireProtocolError extends Error {}

/** Reads whole messages out of a connection's byte stream. */
export class MessageReader {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const messages: Buffer[] = [];
    while (this.buffered.length >= 4) {
      const length = this.buffered.readInt32LE(0);
      if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES) {
        throw new WireProtocolError(`invalid message length ${length}`);
      }
      if (this.buffered.length < length) break;
      messages.push(this.buffered.subarray(0, length));
      this.buffered = this.buffered.subarray(length);
    }
    return messages;
  }
}

export function decodeRequest(message: Buffer): CommandRequest {
  const header: MessageHeader = {
    length: message.readInt32LE(0),
    requestId: message.readInt32LE(4),
    responseTo: message.readInt32LE(8),
    opCode: message.readInt32LE(12),
  };
  if (header.opCode === OpCode.MSG) return decodeMsg(header, message);
  if (header.opCode === OpCode.QUERY) return decodeQuery(header, message);
  throw new WireProtocolError(`unsupported opCode ${header.opCode}`);
}

function decodeMsg(header: MessageHeader, message: Buffer): CommandRequest {
  const flags = message.readUInt32LE(HEADER_BYTES);
  const end = flags & MSG_CHECKSUM_PRESENT ? message.length - 4 : message.length;
  let offset = HEADER_BYTES + 4;
  let command: Document | undefined;
  const sequences: [string, Document[]][] = [];
  while (offset < end) {
    const kind = message[offset];
    offset += 1;
    if (kind === 0) {
      const size = message.readInt32LE(offset);
      command = decode(message.subarray(offset, offset + size));
      offset += size;
    } else if (kind === 1) {
      const size = message.readInt32LE(offset);
      const sectionEnd = offset + size;
      const nameEnd = message.indexOf(0, offset + 4);
      const identifier = message.toString("utf8", offset + 4, nameEnd);
      const documents: Document[] = [];
      let cursor = nameEnd + 1;
      while (cursor < sectionEnd) {
        const docSize = message.readInt32LE(cursor);
        documents.push(decode(message.subarray(cursor, cursor + docSize)));
        cursor += docSize;
      }
      sequences.push([identifier, documents]);
      offset = sectionEnd;
    } else {
      throw new WireProtocolError(`unknown OP_MSG section kind ${String(kind)}`);
    }
  }
  if (!command) throw new WireProtocolError("OP_MSG without a body section");
  for (const [identifier, documents] of sequences) command[identifier] = documents;
  return { header, command, noReply: (flags & MSG_MORE_TO_COME) !== 0, legacy: false };
}

/** Legacy OP_QUERY, which drivers still use for the first handshake (`admin.$cmd`). */
function decodeQuery(header: MessageHeader, message: Buffer): CommandRequest {
  let offset = HEADER_BYTES + 4;
  const nameEnd = message.indexOf(0, offset);
  const collectionName = message.toString("utf8", offset, nameEnd);
  offset = nameEnd + 1 + 8;
  const size = message.readInt32LE(offset);
  let query = decode(message.subarray(offset, offset + size));
  if (!collectionName.endsWith(".$cmd")) {
    throw new WireProtocolError("OP_QUERY is only supported for commands");
  }
  if (query.$query && typeof query.$query === "object") query = query.$query as Document;
  const dbName = collectionName.slice(0, -".$cmd".length);
  return { header, command: { ...query, $db: dbName }, noReply: false, legacy: true };
}

export function encodeMsgReply(responseTo: number, requestId: number, body: Document): Buffer {
  const payload = encode(body);
  const header = Buffer.alloc(HEADER_BYTES + 5);
  header.writeInt32LE(HEADER_BYTES + 5 + payload.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(OpCode.MSG, 12);
  header.writeUInt32LE(0, 16);
  header.writeUInt8(0, 20);
  return Buffer.concat([header, payload]);
}

export function encodeLegacyReply(responseTo: number, requestId: number, body: Document): Buffer {
  const payload = encode(body);
  const header = Buffer.alloc(HEADER_BYTES + 20);
  header.writeInt32LE(HEADER_BYTES + 20 + payload.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(OpCode.REPLY, 12);
  header.writeInt32LE(0, 16);
  header.writeBigInt64LE(0n, 20);
  header.writeInt32LE(0, 28);
  header.writeInt32LE(1, 32);
  return Buffer.concat([header, payload]);
}

import { connect, type Socket } from "node:net";
import { type Document, deserialize, serialize } from "bson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedMongo, startEmbeddedMongo } from "./index.js";

let server: EmbeddedMongo;
beforeAll(async () => {
  server = await startEmbeddedMongo();
});
afterAll(() => server.stop());

function header(length: number, requestId: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(16);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(0, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

function opMsg(requestId: number, body: Document, flags = 0, sequence?: [string, Document[]]): Buffer {
  const parts: Buffer[] = [Buffer.alloc(4), Buffer.from([0]), Buffer.from(serialize(body))];
  parts[0]?.writeUInt32LE(flags);
  if (sequence) {
    const docs = Buffer.concat(sequence[1].map((d) => Buffer.from(serialize(d))));
    const name = Buffer.from(`${sequence[0]}\0`);
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + name.length + docs.length);
    parts.push(Buffer.from([1]), size, name, docs);
  }
  if (flags & 1) parts.push(Buffer.alloc(4));
  const payload = Buffer.concat(parts);
  return Buffer.concat([header(16 + payload.length, requestId, 2013), payload]);
}

function opQuery(requestId: number, collection: string, query: Document): Buffer {
  const payload = Buffer.concat([
    Buffer.alloc(4),
    Buffer.from(`${collection}\0`),
    Buffer.alloc(4),
    Buffer.from([0xff, 0xff, 0xff, 0xff]),
    Buffer.from(serialize(query)),
  ]);
  return Buffer.concat([header(16 + payload.length, requestId, 2004), payload]);
}

async function exchange(
  socket: Socket,
  message: Buffer,
): Promise<{ opCode: number; responseTo: number; body: Document }> {
  socket.write(message);
  const data = await new Promise<Buffer>((resolve) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4 && received.length >= received.readInt32LE(0)) {
        socket.off("data", onData);
        resolve(received);
      }
    };
    socket.on("data", onData);
  });
  const opCode = data.readInt32LE(12);
  const responseTo = data.readInt32LE(8);
  const bodyStart = opCode === 1 ? 36 : 21;
  return { opCode, responseTo, body: deserialize(data.subarray(bodyStart)) };
}

async function open(): Promise<Socket> {
  const socket = connect(server.port, server.host);
  await new Promise((resolve) => socket.once("connect", resolve));
  return socket;
}

describe("wire protocol", () => {
  it("answers the legacy OP_QUERY handshake with OP_REPLY", async () => {
    const socket = await open();
    const reply = await exchange(socket, opQuery(7, "admin.$cmd", { isMaster: 1 }));
    expect(reply.opCode).toBe(1);
    expect(reply.responseTo).toBe(7);
    expect(reply.body).toMatchObject({ ismaster: true, maxWireVersion: 21, ok: 1 });
    socket.destroy();
  });

  it("reads OP_MSG document sequences and tolerates the checksum flag", async () => {
    const socket = await open();
    const inserted = await exchange(
      socket,
      opMsg(8, { insert: "wire", $db: "w" }, 1, ["documents", [{ _id: 1 }, { _id: 2 }]]),
    );
    expect(inserted.body).toMatchObject({ n: 2, ok: 1 });
    const counted = await exchange(socket, opMsg(9, { count: "wire", $db: "w" }));
    expect(counted.responseTo).toBe(9);
    expect(counted.body).toMatchObject({ n: 2, ok: 1 });
    socket.destroy();
  });

  it("sends no reply for moreToCome, yet carries out the write", async () => {
    const socket = await open();
    socket.write(opMsg(10, { insert: "quiet", documents: [{ _id: 1 }], $db: "w" }, 2));
    const counted = await exchange(socket, opMsg(11, { count: "quiet", $db: "w" }));
    expect(counted.responseTo).toBe(11);
    expect(counted.body.n).toBe(1);
    socket.destroy();
  });

  it("answers a command without $db with an error, and closes a connection that sends garbage", async () => {
    const socket = await open();
    const reply = await exchange(socket, opMsg(12, { ping: 1 }));
    expect(reply.body).toMatchObject({ ok: 0, codeName: "InvalidNamespace" });
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.write(Buffer.from([1, 0, 0, 0, 0, 0, 0, 0]));
    await closed;
  });
});

/**
 * Slack's Socket Mode end of the WebSocket, just enough of RFC 6455 for @slack/socket-mode:
 * handshake, text frames both ways (client frames are masked), ping → pong, close. Sends
 * `hello` on connect; `send(envelope)` delivers an envelope and `ackOf(id)` waits for the app's ack.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([0x80 | opcode, len])
      : len < 65_536
        ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff])
        : Buffer.concat([
            Buffer.from([0x80 | opcode, 127]),
            Buffer.from(new BigUint64Array([BigInt(len)]).buffer).reverse(),
          ]);
  return Buffer.concat([head, payload]);
}

/** One parsed client frame and how many bytes it used, or null when more bytes are needed. */
function parse(buf: Buffer): { opcode: number; payload: Buffer; used: number } | null {
  if (buf.length < 2) return null;
  const opcode = (buf[0] ?? 0) & 0x0f;
  const masked = ((buf[1] ?? 0) & 0x80) !== 0;
  let len = (buf[1] ?? 0) & 0x7f;
  let at = 2;
  if (len === 126) {
    if (buf.length < 4) return null;
    len = buf.readUInt16BE(2);
    at = 4;
  } else if (len === 127) {
    if (buf.length < 10) return null;
    len = Number(buf.readBigUInt64BE(2));
    at = 10;
  }
  const mask = masked ? buf.subarray(at, at + 4) : null;
  if (masked) at += 4;
  if (buf.length < at + len) return null;
  const payload = Buffer.from(buf.subarray(at, at + len));
  if (mask) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return { opcode, payload, used: at + len };
}

export class FakeSocket {
  private readonly sockets = new Set<Duplex>();
  private readonly acks = new Map<string, unknown>();
  private readonly waiters = new Map<string, (payload: unknown) => void>();
  private connectedResolve: (() => void) | undefined;
  /** Resolves once a client has connected (and been sent `hello`). */
  connected = new Promise<void>((resolve) => {
    this.connectedResolve = resolve;
  });

  accept(req: IncomingMessage, socket: Duplex): void {
    const key = String(req.headers['sec-websocket-key'] ?? '');
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    this.sockets.add(socket);
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let f = parse(pending); f; f = parse(pending)) {
        pending = pending.subarray(f.used);
        this.onFrame(socket, f.opcode, f.payload);
      }
    });
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => this.sockets.delete(socket));
    this.write(socket, { type: 'hello', num_connections: 1, connection_info: { app_id: 'A0SOPBOT' } });
    this.connectedResolve?.();
  }

  /** Delivers an envelope (`events_api`, `slash_commands`, `interactive`) to every connected client. */
  send(envelope: {
    envelope_id: string;
    type: string;
    payload: unknown;
    accepts_response_payload?: boolean;
  }): void {
    for (const socket of this.sockets) this.write(socket, envelope);
  }

  /** The app's acknowledgement of an envelope (its `payload`, if any). */
  ackOf(envelopeId: string): Promise<unknown> {
    if (this.acks.has(envelopeId)) return Promise.resolve(this.acks.get(envelopeId));
    return new Promise((resolve) => this.waiters.set(envelopeId, resolve));
  }

  closeAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private write(socket: Duplex, message: unknown): void {
    socket.write(frame(0x1, Buffer.from(JSON.stringify(message))));
  }

  private onFrame(socket: Duplex, opcode: number, payload: Buffer): void {
    if (opcode === 0x9) socket.write(frame(0xa, payload));
    else if (opcode === 0x8) {
      socket.write(frame(0x8, payload));
      socket.end();
    } else if (opcode === 0x1) {
      const message = JSON.parse(payload.toString('utf8')) as { envelope_id?: string; payload?: unknown };
      if (!message.envelope_id) return;
      this.acks.set(message.envelope_id, message.payload);
      this.waiters.get(message.envelope_id)?.(message.payload);
      this.waiters.delete(message.envelope_id);
    }
  }
}

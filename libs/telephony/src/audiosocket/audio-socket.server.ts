import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { listenOn } from '../listen';

/** AudioSocket's message kinds (Asterisk's app_audiosocket): a 3-byte header, then the payload. */
const KIND_HANGUP = 0x00;
const KIND_ID = 0x01;
const KIND_AUDIO = 0x10;
const KIND_ERROR = 0xff;
const HEADER_BYTES = 3;

export interface AudioSocketLogger {
  error(message: string, error?: unknown): void;
}

/** Receives the audio of one stream: 16-bit signed little-endian PCM, 8 kHz mono, 20 ms a frame. */
export type AudioSink = (pcm: Buffer) => void;

/** A stream Asterisk is to send: the dialplan passes `id` to AudioSocket(). */
export interface AudioStream {
  id: string;
  /** True once audio has arrived. */
  receiving(): boolean;
  close(): void;
}

/**
 * A server for Asterisk's AudioSocket(): each connection carries one channel's audio live, named by the
 * UUID the dialplan gave it. A stream is opened here before Asterisk connects; audio of an unknown stream
 * is dropped. We only listen: nothing is sent back.
 */
export class AudioSocketServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly sinks = new Map<string, AudioSink>();

  constructor(private readonly logger: AudioSocketLogger) {
    this.server = createServer((socket) => this.accept(socket));
  }

  async listen(port: number, host: string): Promise<number> {
    return listenOn(this.server, port, host);
  }

  /** A new stream whose audio goes to `sink` until it is closed. */
  open(sink: AudioSink): AudioStream {
    const id = randomUUID();
    let received = false;
    this.sinks.set(id, (pcm) => {
      received = true;
      sink(pcm);
    });
    return { id, receiving: () => received, close: () => this.sinks.delete(id) };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let pending: Buffer = Buffer.alloc(0);
    let id: string | undefined;
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= HEADER_BYTES) {
        const size = pending.readUInt16BE(1);
        if (pending.length < HEADER_BYTES + size) break;
        const kind = pending[0];
        const payload = pending.subarray(HEADER_BYTES, HEADER_BYTES + size);
        pending = pending.subarray(HEADER_BYTES + size);
        if (kind === KIND_ID) id = uuidOf(payload);
        else if (kind === KIND_AUDIO && id) this.sinks.get(id)?.(payload);
        else if (kind === KIND_HANGUP) socket.end();
        else if (kind === KIND_ERROR) this.logger.error(`AudioSocket peer reported an error (${payload.toString('hex')})`);
      }
    });
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }
}

function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

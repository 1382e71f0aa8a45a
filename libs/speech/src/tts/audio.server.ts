import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { AUDIO_ID } from './tts-engine';

export interface AudioServerOptions {
  directory: string;
  /** How Asterisk reaches this server when that is not the listening address (containers, NAT). */
  baseUrl?: string;
  /** The worker's readiness, served as GET /ready (200, or 503 naming what is unreachable). */
  ready?: () => Promise<{ status: 'ok' | 'unavailable' }>;
}

/** How long Asterisk may play a file from its own cache without asking again. */
const CACHE_SECONDS = 86_400;

/** Serves synthesised speech to Asterisk over HTTP, so the two need no shared filesystem; and the worker's readiness. */
export class AudioServer {
  private readonly server: Server;
  private base?: string;

  constructor(private readonly options: AudioServerOptions) {
    this.server = createServer((request, response) => {
      const { ready } = this.options;
      if (request.method === 'GET' && request.url === '/ready' && ready) {
        ready().then(
          (result) => response.writeHead(result.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
          (error: unknown) => response.writeHead(503, { 'content-type': 'text/plain' }).end(String(error)),
        );
        return;
      }
      const match = /^\/tts\/([^/]+)\.wav$/.exec(request.url ?? '');
      const id = match?.[1];
      if (request.method !== 'GET' || !id || !AUDIO_ID.test(id)) {
        response.writeHead(404).end();
        return;
      }
      const path = join(this.options.directory, `${id}.wav`);
      stat(path).then(
        (info) => {
          // A content id always names the same audio: Asterisk's media cache may keep it and play it again
          // without asking (with no expiry it fetches the whole file before every playback).
          response.writeHead(200, { 'content-type': 'audio/wav', 'content-length': info.size, 'cache-control': `max-age=${CACHE_SECONDS}`, etag: `"${id}"` });
          createReadStream(path).pipe(response);
        },
        () => response.writeHead(404).end(),
      );
    });
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const bound = (this.server.address() as AddressInfo).port;
    this.base = (this.options.baseUrl ?? `http://${host}:${bound}`).replace(/\/$/, '');
    return bound;
  }

  urlFor(id: string): string {
    if (!this.base) throw new Error('AudioServer is not listening yet');
    return `${this.base}/tts/${id}.wav`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

import { createServer, type Server, type Socket } from 'node:net';
import { listenOn } from '../listen';
import { type AgiEnv, AgiHangupError, AgiSession } from './agi-session';

export type AgiHandler = (session: AgiSession) => Promise<void>;

export interface AgiServerLogger {
  error(message: string, error?: unknown): void;
}

/** A line-based protocol with short lines; anything longer is not Asterisk. */
const MAX_LINE = 64 * 1024;

/**
 * A FastAGI server: Asterisk connects once per AGI() call, sends its agi_* header, then we drive the
 * channel with commands until the handler returns.
 */
export class FastAgiServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly handler: AgiHandler,
    private readonly logger: AgiServerLogger,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Starts listening; returns the bound port (useful with port 0). */
  async listen(port: number, host: string): Promise<number> {
    return listenOn(this.server, port, host);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    const env: AgiEnv = {};
    let session: AgiSession | undefined;
    let buffer = '';

    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_LINE && !buffer.includes('\n')) {
        this.logger.error('FastAGI peer sent an over-long line; closing');
        socket.destroy();
        return;
      }
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (session) {
          session.receive(line);
        } else if (line === '') {
          session = new AgiSession(env, socket);
          this.run(session);
        } else {
          const colon = line.indexOf(':');
          if (colon > 0) env[line.slice(0, colon).replace(/^agi_/, '')] = line.slice(colon + 1).trim();
        }
      }
    });
    socket.on('close', () => {
      this.sockets.delete(socket);
      session?.closedByPeer();
    });
    socket.on('error', () => socket.destroy());
  }

  private run(session: AgiSession): void {
    this.handler(session)
      .catch((error: unknown) => {
        if (!(error instanceof AgiHangupError)) {
          this.logger.error(`AGI handler failed on ${session.env.channel ?? 'unknown channel'}`, error);
        }
      })
      .finally(() => session.end());
  }
}

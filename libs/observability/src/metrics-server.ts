import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { workerMetricsRegistry } from './metrics';

/** The worker's scrape endpoint: GET /metrics on a port of its own; every other path is a 404. */
export class MetricsServer {
  private readonly server: Server;

  constructor(registry: Registry = workerMetricsRegistry) {
    this.server = createServer((request, response) => {
      if (request.method !== 'GET' || new URL(request.url ?? '/', 'http://metrics').pathname !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      registry.metrics().then(
        (body) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(body),
        (error: unknown) => response.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error)),
      );
    });
  }

  /** Starts listening; returns the bound port (useful with port 0). */
  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

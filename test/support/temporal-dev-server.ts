import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { SEARCH_ATTRIBUTES } from '../../libs/contracts/src';
import { eventually } from './test-env';

export interface DevServer {
  address: string;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** A port nothing listens on right now, for a server of the test's own. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * An extra, in-memory Temporal dev server with its own dynamic config, for tests that need server
 * behaviour the shared one does not have (e.g. an early continue-as-new suggestion). It registers the
 * dialer's search attributes unless told not to (a bare cluster, as the worker's own setup meets it).
 */
export async function startTemporalDevServer(port: number, dynamicConfig: string[], { searchAttributes = true } = {}): Promise<DevServer> {
  const bin = process.env.TEMPORAL_BIN;
  if (!bin) throw new Error('TEMPORAL_BIN is not set: run the tests with `npm test`, which provisions the Temporal CLI');
  const args = ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'];
  if (searchAttributes) for (const attribute of SEARCH_ATTRIBUTES) args.push('--search-attribute', attribute);
  for (const value of dynamicConfig) args.push('--dynamic-config-value', value);
  const child: ChildProcess = spawn(bin, args, { stdio: 'ignore' });
  await eventually(async () => ((await portOpen(port)) ? true : undefined), `Temporal dev server on port ${port}`, 60_000);
  return {
    address: `127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

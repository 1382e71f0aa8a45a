import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import type { Client } from 'ari-client';

/**
 * The Asterisk global that lists the FastAGI addresses of one deployment's workers (its Temporal namespace
 * and task queue) for [dialer-rescue] (asterisk/extensions.conf): a worker of another deployment sharing the
 * Asterisk never picks up this one's conversations. Each call carries the name in DIALER_AGI_POOL.
 */
export function agiPoolVariable(namespace: string, taskQueue: string): string {
  return `DIALER_AGI_POOL_${createHash('sha1').update(`${namespace}/${taskQueue}`).digest('hex').slice(0, 12)}`;
}
const SEPARATOR = '|';
const REFRESH_MS = 10_000;
const PROBE_TIMEOUT_MS = 1_000;
const DEFAULT_AGI_PORT = 4573;

export interface AgiPoolLogger {
  error(message: string, error?: unknown): void;
}

/**
 * This worker's place in the list of FastAGI servers that the dialplan turns to when the worker holding a
 * conversation dies. Each worker adds itself and drops the addresses that no longer accept connections, at
 * start and every 10 s: a refresh that races with another worker's, or an Asterisk restart (which forgets
 * globals), is set right by the next one.
 */
export class AgiPool {
  private timer: NodeJS.Timeout | undefined;
  /** The addresses this worker found alive at its last refresh, its own included. */
  private live: string[];

  constructor(
    private readonly ari: Client,
    private readonly variable: string,
    private readonly url: string,
    private readonly logger: AgiPoolLogger,
  ) {
    this.live = [url];
  }

  /**
   * Whether this worker forwards a call's channel events to its workflow, so that each call is followed
   * once however many workers run: the worker holding the call's FastAGI (`holder`: the one that dialed it,
   * or the one that picked its conversation up) does; when the holder is gone, one live worker chosen by
   * rendezvous hashing does. A call whose holder is unknown is followed by every worker.
   */
  follows(channelId: string, holder: string | undefined): boolean {
    if (!holder || holder === this.url) return true;
    if (this.live.includes(holder)) return false;
    const weight = (url: string) => createHash('sha1').update(`${channelId}|${url}`).digest().readUInt32BE(0);
    const chosen = this.live.reduce((best, url) => (weight(url) > weight(best) ? url : best));
    return chosen === this.url;
  }

  async join(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => this.refresh().catch((error: unknown) => this.logger.error('could not refresh the FastAGI pool', error)), REFRESH_MS);
    this.timer.unref();
  }

  /** On a clean shutdown: no conversation is sent to a worker that is going away. */
  async leave(): Promise<void> {
    clearInterval(this.timer);
    await this.write((await this.read()).filter((url) => url !== this.url));
  }

  /** Runs every 10 s after join(). */
  async refresh(): Promise<void> {
    const listed = await this.read();
    const others = listed.filter((url) => url !== this.url);
    const reachable = await Promise.all(others.map((url) => accepts(url)));
    const kept = others.filter((_, i) => reachable[i]);
    // Listed order is kept (a new worker goes last), so rescues spread over the workers rather than all going to the newest.
    const next = listed.includes(this.url) ? listed.filter((url) => url === this.url || kept.includes(url)) : [...kept, this.url];
    this.live = next;
    if (next.join(SEPARATOR) !== listed.join(SEPARATOR)) await this.write(next);
  }

  private async read(): Promise<string[]> {
    const { value } = await this.ari.asterisk.getGlobalVar({ variable: this.variable });
    return value ? value.split(SEPARATOR).filter(Boolean) : [];
  }

  private async write(urls: string[]): Promise<void> {
    await this.ari.asterisk.setGlobalVar({ variable: this.variable, value: urls.join(SEPARATOR) });
  }
}

/** Whether a FastAGI address accepts a TCP connection now. */
function accepts(agiUrl: string): Promise<boolean> {
  let address: URL;
  try {
    address = new URL(agiUrl);
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const socket = connect({ host: address.hostname, port: Number(address.port) || DEFAULT_AGI_PORT });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

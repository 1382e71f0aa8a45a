import ari, { type Channel, type ChannelDestroyed, type Client } from 'ari-client';
import { AriTelephonyGateway } from '../../libs/telephony/src/ari-telephony.gateway';

export interface RawAriLoopOptions {
  ariUrl: string;
  username: string;
  password: string;
  /** A fresh application name; it also prefixes the channel ids, so the loop knows its own channels. */
  app: string;
  dialStringTemplate: string;
  /** Where an answered call would go (the worker's answered context). */
  context: string;
  callerId?: string;
  /** Lines that never answer (busy): the originate variables lead nowhere. */
  phones: readonly string[];
  concurrency: number;
  timeoutSeconds: number;
}

export interface RawAriLoopResult {
  /** Attempts that ended with their channel's ChannelDestroyed event. */
  attempts: number;
  /** Originates Asterisk refused, or channels not destroyed in time (hung up by the loop). */
  failed: number;
  /** From the first originate to the last attempt that ended: a channel whose end event never came waits for its
   * deadline (35 s), which would otherwise stand for the whole run's rate. */
  seconds: number;
  attemptsPerSecond: number;
}

/** Grace beyond the dial timeout before an attempt counts as failed. */
const DEADLINE_GRACE_MS = 30_000;

/**
 * The telephony path alone, without Temporal or the database: one ARI connection originates `phones`
 * through the production gateway, `concurrency` channels at a time, each attempt done at its ChannelDestroyed.
 * Hangs up whatever of its channels remain and stops the application before it returns.
 */
export async function rawAriLoop(options: RawAriLoopOptions): Promise<RawAriLoopResult> {
  const { app, phones } = options;
  const client = await ari.connect(options.ariUrl, options.username, options.password);
  const gateway = new AriTelephonyGateway(client);
  const destroyed = new Map<string, () => void>();
  client.on('ChannelDestroyed', (_event: ChannelDestroyed, channel: Channel) => destroyed.get(channel.id)?.());
  try {
    // Subscribed to all channels, as the worker's event bridge: originated calls run in the dialplan, not in Stasis.
    await new Promise<void>((resolve, reject) => {
      client.once('WebSocketConnected', () => resolve());
      client.start(app, true).catch(reject);
    });

    const attempt = async (index: number): Promise<boolean> => {
      const channelId = `${app}-${index}`;
      let timer: NodeJS.Timeout | undefined;
      // Listening before the originate: the channel can be destroyed before its HTTP response arrives.
      const ended = new Promise<boolean>((resolve) => {
        destroyed.set(channelId, () => resolve(true));
        timer = setTimeout(() => resolve(false), options.timeoutSeconds * 1000 + DEADLINE_GRACE_MS);
      });
      try {
        const result = await gateway.originate({
          channelId,
          endpoint: options.dialStringTemplate.replace('{number}', phones[index]!),
          callerId: options.callerId,
          timeoutSeconds: options.timeoutSeconds,
          context: options.context,
          // The names the call activity sets.
          variables: { DIALER_AGI_URL: 'agi://127.0.0.1:1/raw-ari', DIALER_WORKFLOW_ID: channelId, DIALER_CALL_ID: channelId },
        });
        if (result.kind === 'rejected') return false;
        if (await ended) {
          lastEndedAt = process.hrtime.bigint();
          return true;
        }
        await gateway.hangup(channelId);
        return false;
      } finally {
        clearTimeout(timer);
        destroyed.delete(channelId);
      }
    };

    let next = 0;
    let attempts = 0;
    const lane = async (): Promise<void> => {
      while (next < phones.length) {
        if (await attempt(next++)) attempts += 1;
      }
    };
    const started = process.hrtime.bigint();
    let lastEndedAt = started;
    await Promise.all(Array.from({ length: Math.min(options.concurrency, phones.length) }, lane));
    const seconds = Number(lastEndedAt - started) / 1e9;
    return { attempts, failed: phones.length - attempts, seconds, attemptsPerSecond: attempts / seconds };
  } finally {
    try {
      await hangUpOwnChannels(client, gateway, `${app}-`);
    } finally {
      client.stop();
    }
  }
}

/** Hangs up the channels whose id starts with `prefix` (both halves of a Local channel) until none is left. */
async function hangUpOwnChannels(client: Client, gateway: AriTelephonyGateway, prefix: string): Promise<void> {
  for (let round = 0; round < 20; round += 1) {
    const own = (await client.channels.list()).filter((channel) => channel.id.startsWith(prefix));
    if (own.length === 0) return;
    await Promise.all(own.map((channel) => gateway.hangup(channel.id)));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`channels starting with ${prefix} are still up after hanging them up`);
}

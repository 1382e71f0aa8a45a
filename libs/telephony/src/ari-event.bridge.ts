import { setTimeout as sleep } from 'node:timers/promises';
import type { Channel, Client, Dial, ChannelDestroyed, ChannelStateChange } from 'ari-client';
import { type AttemptRef, type ChannelEvent, parseCallChannelId } from '../../contracts/src';
import { callMetrics } from '../../observability/src/metrics';

/** Where bridged events go: in the worker, one signal to the attempt's CallWorkflow per batch. */
export type ChannelEventSink = (attempt: AttemptRef, events: ChannelEvent[]) => Promise<void>;

/** How long the first event of a batch waits for the ones that follow it (a busy line's hang-up comes within a few ms). */
const COALESCE_MS = 15;
/** The channel variable naming the FastAGI server that holds the call (set at the dial, moved by a rescue). */
const HOLDER_VARIABLE = 'DIALER_AGI_URL';

export interface BridgeLogger {
  log(message: string): void;
  error(message: string, error?: unknown): void;
}

/**
 * Whether this process forwards a channel's events; `holder` is the channel's DIALER_AGI_URL, which ARI
 * puts in every event (ari.conf's channelvars).
 */
export type FollowsChannel = (channelId: string, holder: string | undefined) => boolean;

/**
 * One ARI WebSocket (subscribed to all channels, because originated calls run in the dialplan rather than
 * in Stasis) turned into per-attempt events. Channels that are not ours, or that another worker follows, are ignored.
 */
export class AriEventBridge {
  private pending = new Set<Promise<void>>();
  private chains = new Map<string, Promise<void>>();
  /** Events of a channel not sent yet, by channel id. */
  private batches = new Map<string, ChannelEvent[]>();

  constructor(
    private readonly ari: Client,
    private readonly app: string,
    private readonly sink: ChannelEventSink,
    private readonly logger: BridgeLogger,
    private readonly follows: FollowsChannel = () => true,
  ) {}

  /** Resolves once the WebSocket is open: originating before that would lose the first events. */
  async start(): Promise<void> {
    this.ari.on('Dial', (event: Dial) => {
      if (event.dialstatus) this.forward(event.peer, { type: 'dial', dialStatus: event.dialstatus, at: event.timestamp });
    });
    this.ari.on('ChannelStateChange', (event: ChannelStateChange, channel: Channel) => {
      if (channel.state === 'Up') this.forward(channel, { type: 'answered', at: event.timestamp });
    });
    this.ari.on('ChannelDestroyed', (event: ChannelDestroyed, channel: Channel) => {
      this.forward(channel, { type: 'hangup', cause: event.cause, causeText: event.cause_txt, at: event.timestamp });
    });
    await new Promise<void>((resolve, reject) => {
      this.ari.once('WebSocketConnected', () => resolve());
      this.ari.start(this.app, true).catch(reject);
    });
    this.logger.log(`ARI events bridged for application ${this.app}`);
  }

  /** Waits for the signals already on their way, so a shutdown does not drop them. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  stop(): void {
    this.ari.stop();
  }

  /**
   * Delivers events of one channel in the order Asterisk sent them (a Dial BUSY before the hang-up that
   * follows it); different channels go in parallel. Events that arrive while a batch waits to go join it,
   * so a busy line's status and hang-up reach the workflow as one signal.
   */
  private forward(channel: Channel, event: ChannelEvent): void {
    const attempt = parseCallChannelId(channel.id);
    if (!attempt || !this.follows(channel.id, channel.channelvars?.[HOLDER_VARIABLE])) return;
    const waiting = this.batches.get(channel.id);
    if (waiting) {
      waiting.push(event);
      return;
    }
    const batch = [event];
    this.batches.set(channel.id, batch);
    const previous = this.chains.get(channel.id) ?? Promise.resolve();
    const delivery = previous
      .then(() => sleep(COALESCE_MS))
      .then(() => {
        this.batches.delete(channel.id);
        return this.sink(attempt, batch);
      })
      .catch((error: unknown) => {
        callMetrics.eventDeliveryFailed();
        this.logger.error(`could not deliver ${batch.map((e) => e.type).join(', ')} for ${channel.id}`, error);
      })
      .finally(() => {
        this.pending.delete(delivery);
        if (this.chains.get(channel.id) === delivery) this.chains.delete(channel.id);
      });
    this.chains.set(channel.id, delivery);
    this.pending.add(delivery);
  }
}

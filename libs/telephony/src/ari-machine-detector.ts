import type { Client, ChannelUserevent, StasisStart } from 'ari-client';

/** Who answered, as answering-machine detection heard it; `unsure` when it could not tell in time. */
export type AnsweredBy = 'person' | 'machine' | 'unsure';

/** Where the callee's audio goes once detection is done: an AudioSocket stream and the server's host:port. */
export interface CalleeAudioStream {
  id: string;
  address: string;
}

/**
 * Tells a person from an answering machine on an answered channel, while the AI already speaks on it;
 * with a stream, the callee's audio then flows to it live for the rest of the call.
 */
export interface MachineDetector {
  detect(channelId: string, stream?: CalleeAudioStream): Promise<AnsweredBy>;
}

/** The dialplan context that runs Asterisk's AMD on the snoop channel and reports its verdict (asterisk/extensions.conf). */
const DETECT_CONTEXT = 'dialer-detect';
const VERDICT_EVENT = 'DialerDetection';

export interface MachineDetectorLogger {
  error(message: string, error?: unknown): void;
}

/**
 * Detection on a spy of what the callee says: ARI snoops the call's incoming audio into a channel of its
 * own, which runs AMD in the dialplan, reports the verdict as a user event, and then sends the audio on
 * to the worker's AudioSocket server. The call's own channel is free meanwhile, so the AI greets at once
 * instead of after seconds of analysis. Every worker sees the event; only the one that asked resolves it.
 */
export class AriMachineDetector implements MachineDetector {
  private readonly verdicts = new Map<string, (verdict: AnsweredBy) => void>();
  private readonly started = new Map<string, () => void>();

  constructor(
    private readonly ari: Client,
    private readonly app: string,
    /** Longer than AMD's own analysis time (its `total_analysis_time`), so the verdict normally comes first. */
    private readonly timeoutMs: number,
    private readonly logger: MachineDetectorLogger,
  ) {
    ari.on('StasisStart', (event: StasisStart) => this.started.get(event.channel.id)?.());
    ari.on('ChannelUserevent', (event: ChannelUserevent) => {
      if (event.eventname !== VERDICT_EVENT) return;
      const { call, status, cause } = (event as ChannelUserevent & { userevent: Record<string, string | undefined> }).userevent;
      if (call) this.verdicts.get(call)?.(verdictOf(status, cause));
    });
  }

  async detect(channelId: string, stream?: CalleeAudioStream): Promise<AnsweredBy> {
    const snoopId = `${channelId}-detect`;
    let timer: NodeJS.Timeout | undefined;
    const verdict = new Promise<AnsweredBy>((resolve) => {
      this.verdicts.set(channelId, resolve);
      timer = setTimeout(() => resolve('unsure'), this.timeoutMs);
    });
    const run = async () => {
      // The snoop channel must be in our application before it can be sent on to the dialplan.
      const inApplication = new Promise<void>((resolve) => this.started.set(snoopId, resolve));
      await this.ari.channels.snoopChannel({ channelId, snoopId, spy: 'in', app: this.app });
      await inApplication;
      await this.ari.channels.setChannelVar({ channelId: snoopId, variable: 'DIALER_SPIED', value: channelId });
      if (stream) {
        await this.ari.channels.setChannelVar({ channelId: snoopId, variable: 'DIALER_AUDIO_ID', value: stream.id });
        await this.ari.channels.setChannelVar({ channelId: snoopId, variable: 'DIALER_AUDIO_SOCKET', value: stream.address });
      }
      await this.ari.channels.continueInDialplan({ channelId: snoopId, context: DETECT_CONTEXT, extension: 's', priority: 1 });
    };
    try {
      await Promise.race([run(), verdict]);
      return await verdict;
    } catch (error) {
      // The call goes on as a person's (as AMD's NOTSURE does); it may simply have hung up.
      this.logger.error(`answering-machine detection on ${channelId} did not run`, error);
      return 'unsure';
    } finally {
      clearTimeout(timer);
      this.verdicts.delete(channelId);
      this.started.delete(snoopId);
    }
  }
}

/**
 * AMD's verdict. The AI greets at once, so a person may listen in silence: a machine verdict for initial
 * silence alone is not trusted (machines start their greeting straight away).
 */
function verdictOf(status: string | undefined, cause: string | undefined): AnsweredBy {
  if (status === 'HUMAN') return 'person';
  if (status === 'MACHINE' && !cause?.startsWith('INITIALSILENCE')) return 'machine';
  return 'unsure';
}

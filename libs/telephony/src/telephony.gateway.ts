/** The telephony control edge the activities depend on; ARI in production, a fake in unit tests. */
import type { ChannelSnapshot, OriginateResult } from '../../contracts/src/engine';

export type { ChannelSnapshot, OriginateResult };

export interface OriginateRequest {
  channelId: string;
  endpoint: string;
  callerId?: string;
  timeoutSeconds: number;
  context: string;
  variables: Record<string, string>;
}

export interface TelephonyGateway {
  originate(request: OriginateRequest): Promise<OriginateResult>;
  getChannel(channelId: string): Promise<ChannelSnapshot | undefined>;
  /** Idempotent: hanging up a channel that is gone is not an error. */
  hangup(channelId: string): Promise<void>;
  /**
   * What the dialplan's [dialer-rescue] left for a call it ended without a worker (asterisk/extensions.conf):
   * `opted_out` when the customer pressed 9 at the apology, `apology` when not, with the call's answer and hang-up times.
   */
  rescueMark(channelId: string): Promise<RescueMark | null>;
  /** Cleared once acted on (until then a re-run reads it again, so an opt-out is never lost between the two). */
  clearRescueMark(channelId: string): Promise<void>;
}

export interface RescueMark {
  verdict: 'apology' | 'opted_out';
  /** Null from a dialplan older than the times in the mark. */
  answeredAt: Date | null;
  /** Null while the call is still up (or from an older dialplan). */
  endedAt: Date | null;
}

/** The Asterisk global variable [dialer-rescue] writes for a channel. */
export const rescueMarkVariable = (channelId: string) => `DIALER_RESCUE_${channelId}`;

/** Reads the global's value, `apology@1796324806.426@1796324815.002` (older dialplans wrote `apology`); null when unset. */
export function parseRescueMark(value: string | undefined): RescueMark | null {
  const [verdict, answered, ended] = (value ?? '').split('@');
  if (verdict !== 'apology' && verdict !== 'opted_out') return null;
  return { verdict, answeredAt: unixTime(answered), endedAt: unixTime(ended) };
}

function unixTime(seconds: string | undefined): Date | null {
  return seconds && Number.isFinite(Number(seconds)) ? new Date(Number(seconds) * 1000) : null;
}

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
   * `opted_out` when the customer pressed 9 at the apology, `apology` when not.
   */
  rescueMark(channelId: string): Promise<RescueMark | null>;
  /** Cleared once acted on (until then a re-run reads it again, so an opt-out is never lost between the two). */
  clearRescueMark(channelId: string): Promise<void>;
}

export type RescueMark = 'apology' | 'opted_out';

/** The Asterisk global variable [dialer-rescue] writes for a channel. */
export const rescueMarkVariable = (channelId: string) => `DIALER_RESCUE_${channelId}`;

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
}

/** The telephony control edge the activities depend on; ARI in production, a fake in unit tests. */

export interface OriginateRequest {
  channelId: string;
  endpoint: string;
  callerId?: string;
  timeoutSeconds: number;
  context: string;
  variables: Record<string, string>;
}

export type OriginateResult =
  | { kind: 'accepted' }
  /** Asterisk refused the request itself (bad endpoint, duplicate id): no channel was created. */
  | { kind: 'rejected'; reason: string }
  /** The request may or may not have reached Asterisk: look the channel up, never dial again. */
  | { kind: 'ambiguous'; reason: string };

export interface ChannelSnapshot {
  id: string;
  state: string;
}

export interface TelephonyGateway {
  originate(request: OriginateRequest): Promise<OriginateResult>;
  getChannel(channelId: string): Promise<ChannelSnapshot | undefined>;
  /** Idempotent: hanging up a channel that is gone is not an error. */
  hangup(channelId: string): Promise<void>;
}

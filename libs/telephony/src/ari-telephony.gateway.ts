import type { Client } from 'ari-client';
import { type ChannelSnapshot, type OriginateRequest, type OriginateResult, type RescueMark, type TelephonyGateway, parseRescueMark, rescueMarkVariable } from './telephony.gateway';

/** ari-client reports HTTP errors as errors whose message is the JSON body; the status is not always set. */
function httpStatus(error: unknown): number | undefined {
  const e = error as { statusCode?: number; status?: number; response?: { statusCode?: number } };
  return e.statusCode ?? e.status ?? e.response?.statusCode;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class AriTelephonyGateway implements TelephonyGateway {
  constructor(private readonly ari: Client) {}

  async originate(request: OriginateRequest): Promise<OriginateResult> {
    try {
      await this.ari.channels.originate({
        channelId: request.channelId,
        endpoint: request.endpoint,
        callerId: request.callerId || undefined,
        timeout: request.timeoutSeconds,
        context: request.context,
        extension: 's',
        priority: 1,
        variables: request.variables,
      });
      return { kind: 'accepted' };
    } catch (error) {
      const status = httpStatus(error);
      // A 4xx is Asterisk's own refusal: nothing was dialed. Anything else may have dialed.
      if (status !== undefined && status >= 400 && status < 500) return { kind: 'rejected', reason: describe(error) };
      if (/Channel with given unique ID already exists/i.test(describe(error))) {
        return { kind: 'ambiguous', reason: describe(error) };
      }
      if (/invalid|not found|Allocation failed|Endpoint/i.test(describe(error)) && status === undefined) {
        return { kind: 'rejected', reason: describe(error) };
      }
      return { kind: 'ambiguous', reason: describe(error) };
    }
  }

  async getChannel(channelId: string): Promise<ChannelSnapshot | undefined> {
    try {
      const channel = await this.ari.channels.get({ channelId });
      return { id: channel.id, state: channel.state };
    } catch (error) {
      if (/Channel not found/i.test(describe(error)) || httpStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async hangup(channelId: string): Promise<void> {
    try {
      await this.ari.channels.hangup({ channelId });
    } catch (error) {
      if (/Channel not found/i.test(describe(error)) || httpStatus(error) === 404) return;
      throw error;
    }
  }

  async rescueMark(channelId: string): Promise<RescueMark | null> {
    const { value } = await this.ari.asterisk.getGlobalVar({ variable: rescueMarkVariable(channelId) });
    return parseRescueMark(value);
  }

  async clearRescueMark(channelId: string): Promise<void> {
    await this.ari.asterisk.setGlobalVar({ variable: rescueMarkVariable(channelId), value: '' });
  }
}

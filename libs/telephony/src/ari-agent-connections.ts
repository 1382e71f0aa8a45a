import type { ChannelUserevent, Client } from 'ari-client';

/**
 * The dialplan subroutine Dial's U() option runs on an agent's channel once it answers: it plays the call's
 * summary to the agent, then reports the connection as a user event (asterisk/extensions.conf).
 */
export const AGENT_SUMMARY_CONTEXT = 'dialer-agent-summary';
const CONNECTED_EVENT = 'DialerAgentConnected';

/** Tells the conversation when an agent, having heard the summary, is being connected to a customer. */
export interface AgentConnections {
  /** `connected` resolves with the agent's channel name, or with undefined once `stop()` is called first. */
  watch(callChannelId: string): { connected: Promise<{ agent: string } | undefined>; stop(): void };
}

/**
 * Over ARI: the worker's WebSocket is subscribed to every channel, so the agent channel's user event
 * arrives although that channel never enters our application. Every worker sees it; only the one whose
 * session dialed the agents resolves it.
 */
export class AriAgentConnections implements AgentConnections {
  private readonly waiting = new Map<string, (connection: { agent: string } | undefined) => void>();

  constructor(ari: Client) {
    ari.on('ChannelUserevent', (event: ChannelUserevent) => {
      if (event.eventname !== CONNECTED_EVENT) return;
      const { call, agent } = (event as ChannelUserevent & { userevent: Record<string, string | undefined> }).userevent;
      if (call) this.waiting.get(call)?.({ agent: agent || event.channel?.name || 'unknown' });
    });
  }

  watch(callChannelId: string) {
    const connected = new Promise<{ agent: string } | undefined>((resolve) => this.waiting.set(callChannelId, resolve));
    const stop = () => {
      this.waiting.get(callChannelId)?.(undefined);
      this.waiting.delete(callChannelId);
    };
    return { connected, stop };
  }
}

import type { CallHandoff, HandoffOrder } from '../../contracts/src';
import type { TtsEngine } from '../../speech/src/tts';
import { AGENT_SUMMARY_CONTEXT, type AgentConnections } from '../../telephony/src/ari-agent-connections';
import type { AgiSession } from '../../telephony/src/fastagi';

/** Dial has said ANSWER: the connection's event, which travels over ARI's WebSocket, may trail the AGI reply. */
const CONNECTED_EVENT_GRACE_MS = 2_000;

/** How the handoff reaches the attempt's CallWorkflow (a signal and an Update in the worker). */
export interface HandoffPort {
  agentConnected(workflowId: string, connected: Omit<CallHandoff, 'connected' | 'dialStatus'>): Promise<void>;
  /** No agent answered: the workflow books a callback and returns what to tell the customer. */
  agentUnavailable(workflowId: string, unanswered: Omit<CallHandoff, 'connected' | 'agent'>): Promise<{ reply: string }>;
}

export interface AgentHandoffDeps {
  port: HandoffPort;
  tts: TtsEngine;
  connections: AgentConnections;
  audioUrl(id: string): string;
  logger: { error(message: string, error?: unknown): void };
}

/** Where the handoff happens: the customer's session and call, and how to speak to them. */
export interface HandoffCall {
  session: AgiSession;
  workflowId: string;
  channelId: string;
  language: string;
  speak(text: string): Promise<void>;
}

/**
 * A warm handoff from the AGI session: Dial rings the agents (the customer hears ringing); the agent who
 * answers hears the call's summary (Dial's U() subroutine) and is then bridged with the customer, which
 * the workflow learns at once as `transferred` with the agent and the wait. No answer within the order's
 * timeout: the workflow books a callback, the customer hears when, and the call ends.
 */
export function createAgentHandoff({ port, tts, connections, audioUrl, logger }: AgentHandoffDeps) {
  /** Voices the summary at once (while the customer hears the hold message); `run` then puts them through. */
  return function prepareHandoff(order: HandoffOrder, language: string) {
    const summary = tts.synthesize(order.summary, language);
    summary.catch(() => undefined);
    return {
      async run(call: HandoffCall): Promise<void> {
        const summaryUrl = audioUrl((await summary).id);
        const watch = connections.watch(call.channelId);
        const startedAt = Date.now();
        const waitedSeconds = () => Math.round((Date.now() - startedAt) / 100) / 10;
        const reported = watch.connected.then(async (connected) => {
          if (connected) await port.agentConnected(call.workflowId, { destination: order.dialString, agent: connected.agent, waitedSeconds: waitedSeconds() });
        });
        // Reported from the event, not from Dial's return: Dial returns only when the bridged call ends.
        reported.catch((error: unknown) => logger.error(`could not report the agent's connection on ${call.channelId}`, error));
        try {
          // r: the customer hears ringing; U(): the agent's channel runs the summary subroutine before the bridge.
          await call.session.exec('Dial', order.dialString, order.timeoutSeconds, `rU(${AGENT_SUMMARY_CONTEXT}^${summaryUrl}^${call.channelId})`);
          const dialStatus = (await call.session.getVariable('DIALSTATUS')) ?? 'UNKNOWN';
          if (dialStatus === 'ANSWER') {
            await Promise.race([watch.connected, new Promise((resolve) => setTimeout(resolve, CONNECTED_EVENT_GRACE_MS))]);
            return;
          }
          const { reply } = await port.agentUnavailable(call.workflowId, { destination: order.dialString, dialStatus, waitedSeconds: waitedSeconds() });
          await call.speak(reply);
          await call.session.hangup();
        } finally {
          watch.stop();
          await reported.catch(() => undefined);
        }
      },
    };
  };
}

export type PrepareHandoff = ReturnType<typeof createAgentHandoff>;

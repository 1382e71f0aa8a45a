import { randomUUID } from 'node:crypto';
import type { Context } from '@temporalio/activity';
import { callChannelId, callWorkflowId } from '../../../libs/contracts/src';
import type { ConversationPort } from '../../../libs/conversation/src';
import { currentLogContext, workerMetricsRegistry } from '../../../libs/observability/src';
import type { AgiSession } from '../../../libs/telephony/src/fastagi';
import { activityLogContext, timedTurns, withCallLogContext } from './worker-observability';

const attempt = { campaignId: randomUUID(), contactId: randomUUID(), attempt: 2 };

describe('the worker observability wiring', () => {
  it("runs an activity in a log context of its workflow and of the ids in its input", async () => {
    const context = { info: { workflowExecution: { workflowId: 'campaign/c/contact/k/attempt/1', runId: 'r' } } } as unknown as Context;
    const execute = activityLogContext(context).inbound!.execute!;
    const seen = await execute({ args: [{ callId: 'call-1', organizationId: 'org-1', campaignId: 'c', phone: '+12025550100' }], headers: {} }, async () => currentLogContext());
    expect(seen).toEqual({ workflowId: 'campaign/c/contact/k/attempt/1', callId: 'call-1', organizationId: 'org-1', campaignId: 'c' });
    // An activity whose input is no object (a channel id) still gets its workflow.
    expect(await execute({ args: ['dialer-channel'], headers: {} }, async () => currentLogContext())).toEqual({ workflowId: 'campaign/c/contact/k/attempt/1' });
  });

  it("runs a conversation in a log context of its call's workflow and campaign", async () => {
    const seen: object[] = [];
    const handler = withCallLogContext(async () => void seen.push(currentLogContext()));
    await handler({ env: { uniqueid: callChannelId(attempt) } } as unknown as AgiSession);
    await handler({ env: { uniqueid: 'not-ours' } } as unknown as AgiSession);
    expect(seen).toEqual([{ campaignId: attempt.campaignId, workflowId: callWorkflowId(attempt) }, {}]);
  });

  it('times each turn of the conversation port and leaves its other calls alone', async () => {
    const turns = async () => ((await workerMetricsRegistry.getSingleMetric('ai_dialer_conversation_turn_seconds')!.get()).values.find((v) => (v as { metricName?: string }).metricName === 'ai_dialer_conversation_turn_seconds_count')?.value ?? 0);
    const port: ConversationPort = {
      startConversation: jest.fn(),
      resumeConversation: jest.fn(),
      answeringMachine: jest.fn(),
      turn: jest.fn(async () => ({ reply: 'Thanks', end: true })),
      declineRecording: jest.fn(),
      conversationEnded: jest.fn(),
    };
    const before = await turns();
    const timed = timedTurns(port);
    await expect(timed.turn('wf', 1, { dtmf: '1' })).resolves.toEqual({ reply: 'Thanks', end: true });
    expect(port.turn).toHaveBeenCalledWith('wf', 1, { dtmf: '1' });
    expect(timed.startConversation).toBe(port.startConversation);
    expect(await turns()).toBe(before + 1);
  });
});

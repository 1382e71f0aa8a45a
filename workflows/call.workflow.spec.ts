import type { WorkflowHandle } from '@temporalio/client';
import { callWorkflowId, conversationTurnUpdate, declineRecordingUpdate, resumeConversationUpdate, startConversationUpdate } from '../libs/contracts/src';
import { FakeDialer, LINES, type LineScript, type WorkflowTestKit, recordHistory, waitFor, workflowTestKit } from '../test/support/workflow-kit';
import { callWorkflow } from './call.workflow';

// At the root, so that it also runs before the concurrent (slow) tests start.
let kit: WorkflowTestKit;
beforeAll(async () => {
  kit = await workflowTestKit();
});
afterAll(() => kit?.close());

/**
 * One call on a line that behaves as scripted, on a worker of its own; `during` acts while it runs.
 * The campaign it reports to does not exist: a call tolerates that (it logs and returns its result).
 */
async function runCall(script: LineScript, during?: (handle: WorkflowHandle<typeof callWorkflow>, dialer: FakeDialer, contactId: string) => Promise<void>) {
  const dialer = new FakeDialer(kit.client);
  const [contactId] = dialer.addContacts(script) as [string];
  const ref = { campaignId: dialer.campaignId, contactId, attempt: 1 };
  return kit.withWorker(dialer, async (taskQueue) => {
    const handle = await kit.client.workflow.start(callWorkflow, {
      taskQueue,
      workflowId: callWorkflowId(ref),
      args: [{ ...ref, campaignWorkflowId: `campaign/absent-${dialer.campaignId}` }],
    });
    try {
      await during?.(handle, dialer, contactId);
      const result = await handle.result();
      const completed = dialer.entries('complete');
      expect(completed).toHaveLength(1);
      return { result, completed: completed[0]!.input, dialer, handle };
    } catch (error) {
      await handle.terminate('test failed').catch(() => undefined);
      throw error;
    }
  });
}

describe(callWorkflow.name, () => {
  it('ends a busy line as busy, without hanging up itself or marking an answer', async () => {
    const { result, completed, dialer, handle } = await runCall(LINES.busy);
    expect(result).toMatchObject({ outcome: 'busy', status: 'failed', answered: false });
    expect(completed).toMatchObject({ status: 'failed', outcome: 'busy', dialStatus: 'BUSY', hangupCause: 17, answeredAt: null });
    expect(completed.dialedAt).not.toBeNull();
    expect(dialer.entries('hangup')).toHaveLength(0);
    expect(dialer.entries('answered')).toHaveLength(0);
    expect(dialer.entries('analyze')).toHaveLength(0);
    await recordHistory('call-busy', handle);
  });

  it('hangs up a line that reports busy but still plays its tone, and keeps busy as the outcome', async () => {
    const { result, completed, dialer } = await runCall({ events: [{ type: 'dial', dialStatus: 'BUSY' }] });
    expect(result.outcome).toBe('busy');
    expect(dialer.entries('hangup')).toHaveLength(1);
    // The hang-up event that our own hang-up caused is the one on record.
    expect(completed).toMatchObject({ dialStatus: 'BUSY', hangupCause: 16 });
  });

  it('ends a congested line as congestion', async () => {
    const { result, completed } = await runCall(LINES.congestion);
    expect(result).toMatchObject({ outcome: 'congestion', status: 'failed', answered: false });
    expect(completed).toMatchObject({ dialStatus: 'CONGESTION', hangupCause: 34 });
  });

  it('marks an answered call, runs its conversation turns, and completes it with the conversation outcome after the hang-up', async () => {
    const { result, completed, dialer, handle } = await runCall({ ...LINES.answered, turnOutcome: 'interested' }, async (call, fake, contactId) => {
      await waitFor(() => fake.entries('answered').length > 0, 'the answer to be marked');
      const reply = await call.executeUpdate(conversationTurnUpdate, { args: [{ text: 'yes please' }] });
      expect(reply).toEqual({ reply: 'Thank you', end: true });
      expect(fake.entries('analyze')).toHaveLength(0);
      await fake.channelEvent(contactId, { type: 'hangup', cause: 16, causeText: 'Normal Clearing' });
    });
    expect(result).toMatchObject({ outcome: 'interested', status: 'completed', answered: true });
    expect(completed).toMatchObject({ status: 'completed', outcome: 'interested', hangupCause: 16 });
    expect(completed.answeredAt).not.toBeNull();
    const [answered, analyzed, complete] = [dialer.entries('answered')[0]!, dialer.entries('analyze')[0]!, dialer.entries('complete')[0]!];
    expect(analyzed.outcome).toBe('interested');
    expect(answered.at).toBeLessThanOrEqual(analyzed.at);
    expect(dialer.log.indexOf(analyzed)).toBeLessThan(dialer.log.indexOf(complete));
    await recordHistory('call-answered', handle);
  });

  it('moves a recorded call\'s recording off Asterisk after the hang-up, before the analysis', async () => {
    const { result, dialer, handle } = await runCall({ ...LINES.answered, recorded: true, turnOutcome: 'interested' }, async (call, fake, contactId) => {
      await waitFor(() => fake.entries('answered').length > 0, 'the answer to be marked');
      const opening = await call.executeUpdate(startConversationUpdate, { args: [{ answeredBy: 'person' }] });
      expect(opening).toMatchObject({ proceed: true, speech: ['Hello', 'This call is recorded'], recording: { name: expect.stringMatching(/^rec-/) } });
      await call.executeUpdate(conversationTurnUpdate, { args: [{ dtmf: '1' }] });
      expect(fake.entries('storeRecording')).toHaveLength(0);
      await fake.channelEvent(contactId, { type: 'hangup', cause: 16, causeText: 'Normal Clearing' });
    });
    expect(result.outcome).toBe('interested');
    const [stored, analyzed] = [dialer.entries('storeRecording')[0]!, dialer.entries('analyze')[0]!];
    expect(dialer.log.indexOf(stored)).toBeLessThan(dialer.log.indexOf(analyzed));
    await recordHistory('call-recorded', handle);
  });

  it('records a declined recording through the workflow and still moves nothing for a call that never recorded', async () => {
    const declined = await runCall({ ...LINES.answered, recorded: true }, async (call, fake, contactId) => {
      await waitFor(() => fake.entries('answered').length > 0, 'the answer to be marked');
      await call.executeUpdate(startConversationUpdate, { args: [{ answeredBy: 'person' }] });
      await expect(call.executeUpdate(declineRecordingUpdate, { args: [{ dtmf: '7' }] })).resolves.toEqual({ reply: 'No longer recorded' });
      await fake.channelEvent(contactId, { type: 'hangup', cause: 16, causeText: 'Normal Clearing' });
    });
    expect(declined.dialer.entries('declineRecording')).toMatchObject([{ turn: 1 }]);
    // The store step makes sure nothing is left on Asterisk.
    expect(declined.dialer.entries('storeRecording')).toHaveLength(1);

    const unrecorded = await runCall(LINES.answered, async (call, fake, contactId) => {
      await waitFor(() => fake.entries('answered').length > 0, 'the answer to be marked');
      expect(await call.executeUpdate(startConversationUpdate, { args: [{ answeredBy: 'person' }] })).not.toHaveProperty('recording');
      await fake.channelEvent(contactId, { type: 'hangup', cause: 16, causeText: 'Normal Clearing' });
    });
    expect(unrecorded.dialer.entries('storeRecording')).toHaveLength(0);
  });

  it('resumes a conversation for another worker from the turn after the last, and not once it has concluded', async () => {
    const { result, dialer } = await runCall({ ...LINES.answered, recorded: true }, async (call, fake, contactId) => {
      await waitFor(() => fake.entries('answered').length > 0, 'the answer to be marked');
      await call.executeUpdate(startConversationUpdate, { args: [{ answeredBy: 'person' }] });
      // The recording goes on under the new session: it is named, not started again.
      await expect(call.executeUpdate(resumeConversationUpdate, { updateId: 'conversation-resume-1' })).resolves.toMatchObject({
        speech: ['Sorry, we lost the line', 'Hello'],
        proceed: true,
        nextTurn: 2,
        recording: { name: expect.any(String) },
      });
      await call.executeUpdate(conversationTurnUpdate, { args: [{ dtmf: '1' }], updateId: 'conversation-turn-2' });
      // The turn's reply ended the conversation: nothing is left to resume.
      await expect(call.executeUpdate(resumeConversationUpdate, { updateId: 'conversation-resume-2' })).resolves.toMatchObject({ proceed: false });
      await fake.channelEvent(contactId, { type: 'hangup', cause: 16, causeText: 'Normal Clearing' });
    });
    expect(dialer.entries('resume')).toMatchObject([{ turn: 1 }]);
    expect(result).toMatchObject({ status: 'completed' });
  });

  it('ends a conversation the dialplan finished without a worker as the dialplan left it: an opt-out, or a failure to call again', async () => {
    const optedOut = await runCall({ ...LINES.answeredAndHungUp, rescued: 'opted_out' });
    expect(optedOut.result).toMatchObject({ outcome: 'opted_out', status: 'completed', answered: true });
    const apologised = await runCall({ ...LINES.answeredAndHungUp, rescued: 'failed' });
    expect(apologised.result).toMatchObject({ outcome: 'failed', status: 'completed', answered: true });
  });

  it('completes an answered call without a conversation outcome as hung up', async () => {
    const { result, dialer } = await runCall(LINES.answeredAndHungUp);
    expect(result).toMatchObject({ outcome: 'hung_up', status: 'completed', answered: true });
    expect(dialer.entries('answered')).toHaveLength(1);
    expect(dialer.entries('analyze')[0]).toMatchObject({ outcome: 'hung_up' });
  });

  it('does not dial an attempt the gate refuses, and records it as not dialed with the refusal', async () => {
    const { result, completed, dialer, handle } = await runCall({ gate: ['dnc'], ...LINES.busy });
    expect(result).toMatchObject({ outcome: 'blocked', status: 'not_dialed', answered: false });
    expect(completed).toMatchObject({ status: 'not_dialed', outcome: 'blocked', dialedAt: null, compliance: { allowed: false, reason: 'dnc' } });
    expect(dialer.entries('originate')).toHaveLength(0);
    await recordHistory('call-refused', handle);
  });

  // The two paths below wait for the ring limit (callTimeoutSeconds + the workflow's 15 s grace): they run
  // concurrently with the rest of the file.
  it.concurrent('asks for the channel after the ring limit when no event came, and ends as no answer when it is gone', async () => {
    const started = Date.now();
    const { result, completed, dialer } = await runCall({ channel: null, onLookup: [{ type: 'hangup', cause: 19, causeText: 'No answer' }] });
    expect(result).toMatchObject({ outcome: 'no_answer', status: 'failed', answered: false });
    expect(completed).toMatchObject({ dialStatus: null, hangupCause: 19 });
    expect(dialer.entries('lookup')).toHaveLength(1);
    expect(dialer.entries('hangup')).toHaveLength(0);
    expect(dialer.entries('lookup')[0]!.at - dialer.entries('originate')[0]!.at).toBeGreaterThanOrEqual(16_000);
    console.log(`ring-limit path (channel gone) took ${Date.now() - started} ms`);
  });

  it.concurrent('reads a call answered and ended in the dialplan while no worker was there from its rescue: an opt-out taken there counts', async () => {
    const { result, completed, dialer } = await runCall({ channel: null, rescued: 'opted_out' });
    expect(result).toMatchObject({ outcome: 'opted_out', status: 'completed', answered: true });
    expect(completed).toMatchObject({ hangupCause: 0, answeredAt: expect.any(String), endedAt: expect.any(String) });
    // The times the dialplan saw, not when the workflow found the channel gone.
    expect(Date.parse(completed.endedAt!) - Date.parse(completed.answeredAt!)).toBe(9_000);
    expect(dialer.entries('answered')).toHaveLength(1);
    expect(dialer.entries('lookup')).toHaveLength(1);
  });

  it.concurrent('reconciles a call whose events were all lost: a channel still ringing at the ring limit is hung up as no answer', async () => {
    const started = Date.now();
    const { result, completed, dialer } = await runCall({ channel: { state: 'Ringing' } });
    expect(result).toMatchObject({ outcome: 'no_answer', status: 'failed', answered: false });
    expect(completed).toMatchObject({ dialStatus: 'NOANSWER', hangupCause: 16 });
    expect(dialer.entries('lookup')).toHaveLength(1);
    expect(dialer.entries('hangup')).toHaveLength(1);
    expect(dialer.entries('answered')).toHaveLength(0);
    console.log(`ring-limit path (events lost) took ${Date.now() - started} ms`);
  });
});

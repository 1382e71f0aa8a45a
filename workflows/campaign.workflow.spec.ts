import { type WorkflowHandleWithFirstExecutionRunId, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  type CallSettings,
  type QueueStatus,
  campaignResumedSignal,
  campaignWorkflowId,
  pauseSignal,
  resumeSignal,
  statusQuery,
  stopSignal,
  updateSettingsUpdate,
} from '../libs/contracts/src';
import { freePort, startTemporalDevServer } from '../test/support/temporal-dev-server';
import { FakeDialer, LINES, type LogEntry, type WorkflowTestKit, recordHistory, sleep, waitFor, workflowTestKit } from '../test/support/workflow-kit';
import type { CampaignCarry } from './campaign-state';
import { campaignWorkflow } from './campaign.workflow';

type CampaignHandle = WorkflowHandleWithFirstExecutionRunId<typeof campaignWorkflow>;

let kit: WorkflowTestKit;
beforeAll(async () => {
  kit = await workflowTestKit();
});
afterAll(() => kit?.close());

/** Runs a campaign over the fake dialer on a worker of its own; `during` acts while it runs. Returns its result. */
async function runCampaign(
  dialer: FakeDialer,
  during: (handle: CampaignHandle) => Promise<void> = async () => undefined,
  options: { carry?: CampaignCarry; testKit?: WorkflowTestKit } = {},
): Promise<{ result: QueueStatus; handle: CampaignHandle }> {
  const { testKit = kit, carry } = options;
  return testKit.withWorker(dialer, async (taskQueue) => {
    const handle = await testKit.client.workflow.start(campaignWorkflow, {
      taskQueue,
      workflowId: campaignWorkflowId(dialer.campaignId),
      args: [{ campaignId: dialer.campaignId, ...(carry ? { carry } : {}) }],
    });
    try {
      await during(handle);
      return { result: await handle.result(), handle };
    } catch (error) {
      await handle.terminate('test failed').catch(() => undefined);
      throw error;
    }
  });
}

const claimsWithContacts = (dialer: FakeDialer) => dialer.entries('claim').filter((c) => c.contactIds.length > 0);
const indexOf = (dialer: FakeDialer, entry: LogEntry | undefined) => (entry ? dialer.log.indexOf(entry) : -1);
/** The first entry of a kind after a given one in the dialer's log. */
function firstAfter<K extends LogEntry['kind']>(dialer: FakeDialer, kind: K, after: LogEntry, match: (e: Extract<LogEntry, { kind: K }>) => boolean = () => true) {
  return dialer.entries(kind).find((e) => dialer.log.indexOf(e) > dialer.log.indexOf(after) && match(e));
}

describe(campaignWorkflow.name, () => {
  it('paced, claims about a second of dial slots at a time, never more than its lead ahead of the slots', async () => {
    const interval = 500;
    const lead = 1_500;
    const dialer = new FakeDialer(kit.client, { callIntervalMs: interval, maxConcurrentCalls: 10 });
    dialer.addContacts(...Array.from({ length: 8 }, () => LINES.busy));
    const { result } = await runCampaign(dialer);

    const claims = claimsWithContacts(dialer);
    expect(claims.every((c) => c.limit === 1000 / interval)).toBe(true);
    // Claim k may start only when the slot of its first contact is at most the lead away.
    let before = 0;
    for (const claim of claims) {
      expect(claim.at - claims[0]!.at).toBeGreaterThanOrEqual(before * interval - lead);
      before += claim.contactIds.length;
    }
    expect(before).toBe(8);
    expect(result).toMatchObject({ status: 'completed', processedContacts: 8, failedCalls: 8, successfulCalls: 0, activeCalls: 0 });
    expect(dialer.recorded()).toEqual(['active', 'completed']);
  });

  it('claims nothing once paused, shows the pause reason, records active again on resume, and dials every contact once', async () => {
    const dialer = new FakeDialer(kit.client, { callIntervalMs: 40, maxConcurrentCalls: 2 });
    // The first call stays up until the test hangs it up, so the campaign cannot end before the resume.
    const [held] = dialer.addContacts(LINES.answered, LINES.busy, LINES.busy, LINES.busy) as [string];
    const { result, handle } = await runCampaign(dialer, async (campaign) => {
      await waitFor(() => claimsWithContacts(dialer).length >= 2, 'two claims');
      await campaign.signal(pauseSignal, { reason: 'lunch break' });
      const paused = await waitFor(() => dialer.entries('record').find((r) => r.status === 'paused'), 'the pause to be recorded');
      expect(paused.reason).toBe('lunch break');
      expect(await campaign.query(statusQuery)).toMatchObject({ status: 'paused', paused: true, pauseReason: 'lunch break' });

      await sleep(400);
      expect(firstAfter(dialer, 'claim', paused)).toBeUndefined();
      await campaign.signal(resumeSignal);
      await dialer.channelEvent(held, { type: 'hangup', cause: 16, causeText: 'Normal Clearing' });
    });

    expect(dialer.recorded()).toEqual(['active', 'paused', 'active', 'completed']);
    // Contacts claimed while the pause arrived were given back, and every contact was dialed exactly once.
    expect(new Set(dialer.entries('originate').map((o) => o.contactId)).size).toBe(4);
    expect(dialer.entries('originate')).toHaveLength(4);
    expect(result).toMatchObject({ status: 'completed', paused: false, pauseReason: null, processedContacts: 4, successfulCalls: 1, failedCalls: 3 });
    await recordHistory('campaign-pause-resume', handle);
  });

  // Otherwise a child's gate could still read 'paused' on the row and hold the call it was just started for.
  it('records active again before its next claim after a resume', async () => {
    const dialer = new FakeDialer(kit.client, { maxConcurrentCalls: 1 });
    dialer.addContacts(LINES.answered, LINES.busy);
    await runCampaign(dialer, async (campaign) => {
      await waitFor(() => dialer.entries('answered').length > 0, 'the first call to be answered');
      await campaign.signal(pauseSignal);
      await waitFor(() => dialer.recorded().includes('paused'), 'the pause to be recorded');
      const first = dialer.entries('reserve')[0]!.contactId;
      await dialer.channelEvent(first, { type: 'hangup', cause: 16, causeText: 'Normal Clearing' });
      // Resumed once the campaign knows the call ended, so that it may dial at once.
      await waitFor(async () => (await campaign.query(statusQuery)).activeCalls === 0, 'the first call to report');
      await campaign.signal(resumeSignal);
    });
    const paused = dialer.entries('record').find((r) => r.status === 'paused')!;
    const active = firstAfter(dialer, 'record', paused, (r) => r.status === 'active');
    const claim = firstAfter(dialer, 'claim', paused);
    expect(indexOf(dialer, active)).toBeGreaterThan(-1);
    expect(indexOf(dialer, active)).toBeLessThan(indexOf(dialer, claim));
  });

  it('records stopped at once on stop, dials nothing more, and returns stopped only after the call in flight ends', async () => {
    const dialer = new FakeDialer(kit.client, { maxConcurrentCalls: 1 });
    const [held] = dialer.addContacts(LINES.answered, LINES.busy, LINES.busy) as [string];
    const { result } = await runCampaign(dialer, async (campaign) => {
      await waitFor(() => dialer.entries('answered').length > 0, 'the first call to be answered');
      await campaign.signal(stopSignal);
      const stopped = await waitFor(() => dialer.entries('record').find((r) => r.status === 'stopped'), 'the stop to be recorded');
      expect(await campaign.query(statusQuery)).toMatchObject({ status: 'stopping', activeCalls: 1 });

      const early = await Promise.race([campaign.result().then(() => 'returned'), sleep(400).then(() => 'running')]);
      expect(early).toBe('running');
      expect(firstAfter(dialer, 'claim', stopped)).toBeUndefined();
      await dialer.channelEvent(held, { type: 'hangup', cause: 16, causeText: 'Normal Clearing' });
    });

    expect(result).toMatchObject({ status: 'stopped', successfulCalls: 1, failedCalls: 0, activeCalls: 0 });
    expect(dialer.recorded()).toEqual(['active', 'stopped']);
    expect(dialer.entries('originate')).toHaveLength(1);
  });

  it('trips its circuit breaker on technical failures, and a resume sent during the pause write leaves it active', async () => {
    const dialer = new FakeDialer(kit.client, { maxConcurrentCalls: 1, breakerMinCalls: 3, breakerWindow: 3, breakerFailureRate: 0.6 });
    const chanunavail = { events: [{ type: 'dial' as const, dialStatus: 'CHANUNAVAIL' }, { type: 'hangup' as const, cause: 20, causeText: 'Subscriber absent' }] };
    dialer.addContacts(LINES.congestion, chanunavail, LINES.congestion, LINES.busy, LINES.busy);
    let atTrip: QueueStatus | undefined;
    const { result, handle } = await runCampaign(dialer, async (campaign) => {
      dialer.onRecord = async (change) => {
        if (change.status !== 'paused') return;
        atTrip = await campaign.query(statusQuery);
        await campaign.signal(resumeSignal);
      };
    });

    const records = dialer.entries('record');
    expect(records.map((r) => r.status)).toEqual(['active', 'paused', 'active', 'completed']);
    expect(records[1]!.reason).toMatch(/^circuit breaker/);
    expect(records[1]!.reason).toContain('3 of the last 3');
    expect(atTrip).toMatchObject({ status: 'paused', paused: true, failedCalls: 3 });
    expect(atTrip!.pauseReason).toMatch(/^circuit breaker/);
    // Nothing was claimed between the trip and the resume's write.
    expect(dialer.log.slice(indexOf(dialer, records[1]), indexOf(dialer, records[2])).some((e) => e.kind === 'claim')).toBe(false);
    expect(result).toMatchObject({ status: 'completed', paused: false, failedCalls: 5 });
    await recordHistory('campaign-breaker', handle);
  });

  it('records its state again when a call reports that the gate found the campaign stopped while it runs', async () => {
    const dialer = new FakeDialer(kit.client, { maxConcurrentCalls: 1 });
    const [refusedOnce] = dialer.addContacts({ gate: ['campaign_stopped', 'ok'], ...LINES.busy }, LINES.busy) as [string];
    const { result, handle } = await runCampaign(dialer);

    const refused = dialer.entries('complete').find((c) => c.input.compliance?.reason === 'campaign_stopped')!;
    expect(refused.input).toMatchObject({ contactId: refusedOnce, status: 'not_dialed' });
    const rewritten = firstAfter(dialer, 'record', refused)!;
    expect(rewritten.status).toBe('active');
    expect(dialer.recorded()).toEqual(['active', 'active', 'completed']);
    // The refused attempt counts neither as a success nor as a failure; its contact is dialed on the next attempt.
    expect(result).toMatchObject({ status: 'completed', successfulCalls: 0, failedCalls: 2 });
    expect(dialer.entries('originate').filter((o) => o.contactId === refusedOnce)).toHaveLength(1);
    await recordHistory('campaign-refusal', handle);
  });

  it('holds a call the gate found paused, spending no attempt, and dials it once the campaign says it runs', async () => {
    const dialer = new FakeDialer(kit.client, { maxConcurrentCalls: 1 });
    const [held] = dialer.addContacts({ gate: ['campaign_paused', 'ok'], ...LINES.busy }) as [string];
    const { result } = await runCampaign(dialer, async () => {
      await waitFor(() => dialer.entries('gate').some((g) => g.reason === 'campaign_paused'), 'the gate to hold the call');
      const { workflowId } = dialer.entries('reserve')[0]!;
      expect(dialer.entries('originate')).toHaveLength(0);
      await kit.client.workflow.getHandle(workflowId).signal(campaignResumedSignal);
    });
    expect(dialer.entries('complete').map((c) => c.input.status)).toEqual(['failed']);
    expect(dialer.entries('originate').map((o) => o.contactId)).toEqual([held]);
    expect(result).toMatchObject({ status: 'completed', failedCalls: 1 });
    await recordHistory('call-held', kit.client.workflow.getHandle(dialer.entries('reserve')[0]!.workflowId));
  });

  it('rejects an invalid settings update in its validator and saves a valid one', async () => {
    const dialer = new FakeDialer(kit.client, { maxConcurrentCalls: 1 });
    const [held] = dialer.addContacts(LINES.answered) as [string];
    await runCampaign(dialer, async (campaign) => {
      await waitFor(() => dialer.entries('answered').length > 0, 'the call to be answered');
      const invalid = campaign.executeUpdate(updateSettingsUpdate, { args: [{ callIntervalMs: -5, maxConcurrentCalls: 1.5 }] });
      await expect(invalid).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(invalid).rejects.toMatchObject({ cause: { message: expect.stringContaining('callIntervalMs: must be an integer') } });
      expect(dialer.entries('saveSettings')).toHaveLength(0);

      const patch: Partial<CallSettings> = { callIntervalMs: 250, maxConcurrentCalls: 3 };
      const saved = await campaign.executeUpdate(updateSettingsUpdate, { args: [patch] });
      expect(saved).toMatchObject(patch);
      expect(dialer.entries('saveSettings').map((s) => s.patch)).toEqual([patch]);
      await dialer.channelEvent(held, { type: 'hangup', cause: 16, causeText: 'Normal Clearing' });
    });
  });

  it('takes over the counters and the recorded state of a carry without writing that state again', async () => {
    const dialer = new FakeDialer(kit.client, { maxConcurrentCalls: 1 });
    dialer.addContacts(LINES.busy, LINES.answeredAndHungUp);
    const carry: CampaignCarry = {
      successfulCalls: 3,
      failedCalls: 4,
      lastCallTime: '2026-01-01T00:00:00.000Z',
      paused: false,
      pauseReason: null,
      recentFailures: [false, true],
      activeCalls: [],
      settings: dialer.settings,
      recorded: { status: 'active', reason: null },
    };
    const { result } = await runCampaign(dialer, undefined, { carry });
    expect(dialer.entries('load').map((l) => l.fresh)).toEqual([false]);
    expect(dialer.recorded()).toEqual(['completed']);
    expect(result).toMatchObject({ status: 'completed', successfulCalls: 4, failedCalls: 5 });
  });

  describe('on a server that suggests continue-as-new after 40 events', () => {
    let server: Awaited<ReturnType<typeof startTemporalDevServer>> | undefined;
    let canKit: WorkflowTestKit | undefined;

    beforeAll(async () => {
      server = await startTemporalDevServer(await freePort(), ['limit.historyCount.suggestContinueAsNew=40']);
      canKit = await workflowTestKit(server.address);
    }, 60_000);
    afterAll(async () => {
      await canKit?.close();
      await server?.stop();
    });

    it('continues as new and keeps every counter and every call in flight across runs', async () => {
      const dialer = new FakeDialer(canKit!.client, { maxConcurrentCalls: 2 });
      dialer.addContacts(...Array.from({ length: 8 }, (_, i) => (i % 4 === 0 ? LINES.answeredAndHungUp : LINES.busy)));
      const { result, handle } = await runCampaign(dialer, undefined, { testKit: canKit });

      const loads = dialer.entries('load').map((l) => l.fresh);
      expect(loads.length).toBeGreaterThanOrEqual(2);
      expect(loads).toEqual([true, ...loads.slice(1).map(() => false)]);
      const first = await canKit!.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).describe();
      expect(first.status.name).toBe('CONTINUED_AS_NEW');
      expect(result).toMatchObject({ status: 'completed', successfulCalls: 2, failedCalls: 6, activeCalls: 0, processedContacts: 8 });
      expect(dialer.entries('complete')).toHaveLength(8);
      // The recorded state travels with the carry: no run writes 'active' again.
      expect(dialer.recorded()).toEqual(['active', 'completed']);
    });
  });
});

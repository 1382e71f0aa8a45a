import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { campaignWorkflowId } from '../libs/contracts/src';
import { updateSettingsUpdate } from '../libs/contracts/src';
import { type CampaignDriver, maxOverlap } from './support/campaign-driver';
import { type DialerHarness, startDialer } from './support/dialer-harness';
import { daytimeZone, eventually, testConfig } from './support/test-env';

/**
 * The rules of the campaign engine, each proven on the real Temporal dev server, PostgreSQL and the
 * Asterisk sandbox. Numbers pick simulated customers by their tens digit: 1x busy, 2x never answers,
 * 3x congestion, 4x answers and hangs up after a few seconds (asterisk/extensions.conf).
 */
describe('the campaign engine', () => {
  let harness: DialerHarness;
  let db: DataSource;
  let driver: CampaignDriver;
  let temporal: Client;
  const zone = daytimeZone();
  const contact = (phone: string) => ({ phone, timezone: zone });

  beforeAll(async () => {
    harness = await startDialer(testConfig());
    ({ db, driver, temporal } = harness);
  });
  afterAll(() => harness?.close());

  /** Start times of the campaign's call workflows, from Temporal's visibility (by search attribute). */
  async function childStartTimes(campaignId: string): Promise<number[]> {
    const times: number[] = [];
    for await (const run of temporal.workflow.list({ query: `CampaignId = "${campaignId}" AND WorkflowType = "callWorkflow"` })) {
      times.push(run.startTime.getTime());
    }
    return times.sort((a, b) => a - b);
  }

  it('never has more than maxConcurrentCalls calls up, and keeps callIntervalMs between dials', async () => {
    const campaignId = await driver.createCampaign(
      { callSettings: { maxConcurrentCalls: 2, callIntervalMs: 700, retryAttempts: 0, callTimeoutSeconds: 5 } },
      ['+12025550140', '+12025550141', '+12025550142', '+12025550143', '+12025550144'].map(contact),
    );
    await driver.start(campaignId);
    const final = await driver.waitForStatus(campaignId, 'completed');
    expect(final).toMatchObject({ processedContacts: 5, successfulCalls: 5, activeCalls: 0 });

    const calls = await driver.calls(campaignId);
    expect(calls).toHaveLength(5);
    // Each of these customers answers and hangs up after about 6 s, so two calls do overlap: the bound is reached.
    expect(maxOverlap(calls)).toBe(2);

    // The dials, not the workflow starts: a paced campaign starts its calls ahead of their dial slots.
    const dials = calls.map((c) => c.dialed_at!.getTime()).sort((a, b) => a - b);
    const gaps = dials.slice(1).map((t, i) => t - dials[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(700);
    // One call workflow per attempt.
    await eventually(async () => ((await childStartTimes(campaignId)).length === 5 ? true : undefined), 'visibility of the five call workflows');
  });

  it('retries after the outcome rule delay, exactly the allowed number of times', async () => {
    const campaignId = await driver.createCampaign(
      {
        callSettings: {
          maxConcurrentCalls: 2,
          callIntervalMs: 0,
          retryAttempts: 2,
          retryDelayMinutes: 0.02,
          callTimeoutSeconds: 2,
          retryPolicy: { no_answer: { retry: false } },
        },
      },
      [contact('+12025550110'), contact('+12025550120')],
    );
    await driver.start(campaignId);
    const final = await driver.waitForStatus(campaignId, 'completed');
    expect(final).toMatchObject({ processedContacts: 2, successfulCalls: 0, failedCalls: 4 });

    const calls = await driver.calls(campaignId);
    const busy = calls.filter((c) => c.phone === '+12025550110');
    expect(busy.map((c) => [c.attempt, c.outcome])).toEqual([
      [1, 'busy'],
      [2, 'busy'],
      [3, 'busy'],
    ]);
    for (let i = 1; i < busy.length; i++) {
      // The retry is due retryDelayMinutes (1.2 s) after the previous attempt ended.
      expect(busy[i]!.dialed_at!.getTime() - busy[i - 1]!.ended_at!.getTime()).toBeGreaterThanOrEqual(1200);
    }
    expect(calls.filter((c) => c.phone === '+12025550120').map((c) => c.outcome)).toEqual(['no_answer']);
    const contacts = await driver.contacts(campaignId);
    expect(contacts.get('+12025550110')?.status).toBe('failed');
    expect(contacts.get('+12025550120')?.status).toBe('failed');
  });

  it('does not dial a contact outside its calling window until the window opens', async () => {
    // A window that opens at a minute boundary 15 to 75 s from now, in a zone where it is daytime.
    const opensAt = new Date(Math.ceil((Date.now() + 15_000) / 60_000) * 60_000);
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const start = local.format(opensAt);
    const end = local.format(new Date(opensAt.getTime() + 3 * 3600_000));
    const campaignId = await driver.createCampaign(
      {
        callSettings: { maxConcurrentCalls: 1, callIntervalMs: 0, retryAttempts: 0, callTimeoutSeconds: 2 },
        callingWindow: { start, end: end > start ? end : '20:59', days: [0, 1, 2, 3, 4, 5, 6] },
      },
      [contact('+12025550111')],
    );
    await driver.start(campaignId);
    const waiting = await eventually(async () => {
      const status = await driver.status(campaignId);
      return status.nextCallTime ? status : undefined;
    }, 'the campaign to report its next dial time');
    expect(new Date(waiting.nextCallTime!).getTime()).toBe(opensAt.getTime());
    expect(await driver.calls(campaignId)).toEqual([]);

    await driver.waitForStatus(campaignId, 'completed', 180_000);
    const [call] = await driver.calls(campaignId);
    expect(call?.outcome).toBe('busy');
    expect(call!.dialed_at!.getTime()).toBeGreaterThanOrEqual(opensAt.getTime());
  }, 240_000);

  it('does not dial a number put on the do-not-call list while the campaign runs', async () => {
    const phones = ['+12025550112', '+12025550113', '+12025550114'];
    const campaignId = await driver.createCampaign(
      { callSettings: { maxConcurrentCalls: 1, callIntervalMs: 2000, retryAttempts: 0, callTimeoutSeconds: 2 } },
      phones.map(contact),
    );
    await driver.start(campaignId);
    const first = await eventually(async () => (await driver.calls(campaignId)).find((c) => c.dialed_at), 'the first dial');
    // A number not reached yet (contacts are claimed in no fixed order among equals).
    const listed = phones.find((p) => p !== first.phone)!;
    await db.query(
      `INSERT INTO dnc_entries (organization_id, phone, reason)
       SELECT organization_id, $2, 'asked on another channel' FROM campaigns WHERE id = $1`,
      [campaignId, listed],
    );
    const final = await driver.waitForStatus(campaignId, 'completed');
    expect(final).toMatchObject({ processedContacts: 3, failedCalls: 2 });

    const calls = await driver.calls(campaignId);
    const refused = calls.find((c) => c.phone === listed);
    expect(refused).toMatchObject({ status: 'not_dialed', outcome: 'blocked', dialed_at: null });
    expect(refused?.compliance?.reason).toBe('dnc');
    expect(calls.filter((c) => c.dialed_at).map((c) => c.phone).sort()).toEqual(phones.filter((p) => p !== listed));
    expect((await driver.contacts(campaignId)).get(listed)?.status).toBe('dnc');
  });

  it('starts one workflow however often it is started, and pause means no new dial until resume', async () => {
    const campaignId = await driver.createCampaign(
      { callSettings: { maxConcurrentCalls: 1, callIntervalMs: 1000, retryAttempts: 0, callTimeoutSeconds: 2 } },
      ['+12025550115', '+12025550116', '+12025550117', '+12025550118'].map(contact),
    );
    const starts = await Promise.all([1, 2, 3, 4, 5].map(() => driver.post('/calls/automated/start', { campaignId })));
    expect(starts.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    let runs = 0;
    for await (const run of temporal.workflow.list({ query: `WorkflowId = "${campaignWorkflowId(campaignId)}"` })) runs += run ? 1 : 0;
    expect(runs).toBe(1);

    await eventually(async () => ((await driver.calls(campaignId)).some((c) => c.dialed_at) ? true : undefined), 'the first dial');
    await driver.post('/calls/automated/pause', { campaignId }).expect(200);
    const pausedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const duringPause = await driver.calls(campaignId);
    expect(duringPause.filter((c) => c.dialed_at && c.dialed_at.getTime() > pausedAt)).toEqual([]);
    expect(await driver.status(campaignId)).toMatchObject({ status: 'paused', paused: true, pauseReason: null });

    // A live settings change is validated by the workflow before it is accepted, then saved.
    const handle = temporal.workflow.getHandle(campaignWorkflowId(campaignId));
    await expect(handle.executeUpdate(updateSettingsUpdate, { args: [{ maxConcurrentCalls: 0 }] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
    await handle.executeUpdate(updateSettingsUpdate, { args: [{ callIntervalMs: 200 }] });
    const [saved] = (await db.query('SELECT call_settings FROM campaigns WHERE id = $1', [campaignId])) as {
      call_settings: { callIntervalMs: number; maxConcurrentCalls: number };
    }[];
    expect(saved?.call_settings).toMatchObject({ callIntervalMs: 200, maxConcurrentCalls: 1 });

    await driver.post('/calls/automated/resume', { campaignId }).expect(200);
    const final = await driver.waitForStatus(campaignId, 'completed');
    expect(final.processedContacts).toBe(4);
    expect((await driver.calls(campaignId)).filter((c) => c.dialed_at)).toHaveLength(4);
  });

  it('stop lets the calls in flight finish and dials nothing more', async () => {
    const campaignId = await driver.createCampaign(
      { callSettings: { maxConcurrentCalls: 2, callIntervalMs: 200, retryAttempts: 0, callTimeoutSeconds: 5 } },
      ['+12025550145', '+12025550146', '+12025550147', '+12025550148', '+12025550149'].map(contact),
    );
    await driver.start(campaignId);
    await eventually(
      async () => ((await driver.calls(campaignId)).filter((c) => c.dialed_at && !c.ended_at).length === 2 ? true : undefined),
      'two calls up',
    );
    await driver.post('/calls/automated/stop', { campaignId }).expect(200);
    const final = await driver.waitForStatus(campaignId, 'stopped');
    expect(final.activeCalls).toBe(0);

    const calls = await driver.calls(campaignId);
    const dialed = calls.filter((c) => c.dialed_at);
    expect(dialed.length).toBeGreaterThanOrEqual(2);
    expect(dialed.length).toBeLessThan(5);
    for (const call of dialed) expect(call).toMatchObject({ status: 'completed', outcome: 'hung_up' });
    const contacts = await driver.contacts(campaignId);
    const untouched = [...contacts.values()].filter((c) => c.attempts === 0 || c.status === 'new' || c.status === 'retry');
    expect(untouched.length).toBe(5 - dialed.length);
  });

  it('pauses itself when most recent attempts fail, says why, and waits for an explicit resume', async () => {
    const campaignId = await driver.createCampaign(
      {
        callSettings: {
          maxConcurrentCalls: 1,
          callIntervalMs: 0,
          retryAttempts: 0,
          callTimeoutSeconds: 2,
          breakerWindow: 3,
          breakerMinCalls: 3,
          breakerFailureRate: 0.6,
        },
      },
      ['+12025550130', '+12025550131', '+12025550132', '+12025550133', '+12025550134', '+12025550135'].map(contact),
    );
    await driver.start(campaignId);
    const paused = await driver.waitForStatus(campaignId, 'paused');
    expect(paused.pauseReason).toMatch(/circuit breaker: 3 of the last 3 attempts failed/);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await driver.calls(campaignId)).filter((c) => c.dialed_at)).toHaveLength(3);
    const [row] = (await db.query('SELECT status FROM campaigns WHERE id = $1', [campaignId])) as { status: string }[];
    expect(row?.status).toBe('paused');

    await driver.post('/calls/automated/resume', { campaignId }).expect(200);
    await driver.waitForStatus(campaignId, 'paused');
    expect((await driver.calls(campaignId)).filter((c) => c.dialed_at)).toHaveLength(6);
    await driver.post('/calls/automated/stop', { campaignId }).expect(200);
    await driver.waitForStatus(campaignId, 'stopped');
  });
});

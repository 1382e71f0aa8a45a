import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { campaignWorkflowId } from '../libs/contracts/src';
import type { CampaignDriver } from './support/campaign-driver';
import { type DialerHarness, startDialer } from './support/dialer-harness';
import { daytimeZone, eventually, testConfig } from './support/test-env';

const run = promisify(execFile);

/**
 * Operators steer campaigns from Temporal Web UI, which sends the workflow's own signals. These tests send
 * them with the `temporal` CLI (the same request) and check that the campaign row, the queue status and the
 * dashboard agree with the workflow, exactly as when the API sent them. Numbers pick simulated customers by
 * their tens digit (asterisk/extensions.conf): 1x busy, 3x congestion, 4x answers and hangs up after 5 s.
 */
describe('a campaign steered from Temporal Web UI', () => {
  let harness: DialerHarness;
  let db: DataSource;
  let driver: CampaignDriver;
  const config = testConfig();
  const zone = daytimeZone();
  const contact = (phone: string) => ({ phone, timezone: zone });

  beforeAll(async () => {
    harness = await startDialer(config);
    ({ db, driver } = harness);
  });
  afterAll(() => harness?.close());

  /** What an operator does in Web UI: signal or terminate the campaign's workflow. */
  async function temporalCli(command: 'signal' | 'terminate', campaignId: string, name?: string): Promise<void> {
    const bin = process.env.TEMPORAL_BIN;
    if (!bin) throw new Error('TEMPORAL_BIN is not set: run the tests with `npm test`, which provisions the Temporal CLI');
    const target = ['--address', config.temporal.address, '--namespace', config.temporal.namespace, '--workflow-id', campaignWorkflowId(campaignId)];
    const args = command === 'signal' ? ['workflow', 'signal', ...target, '--name', name!] : ['workflow', 'terminate', ...target, '--reason', 'test'];
    await run(bin, args);
  }

  async function row(campaignId: string) {
    const [campaign] = (await db.query('SELECT status, pause_reason FROM campaigns WHERE id = $1', [campaignId])) as { status: string; pause_reason: string | null }[];
    return campaign!;
  }

  const rowSays = (campaignId: string, status: string) =>
    eventually(async () => ((await row(campaignId)).status === status ? true : undefined), `campaign row to say ${status}`, 20_000, 100);

  /** Everything a user can read about the campaign's state, in one object. */
  async function observed(campaignId: string) {
    const queue = await driver.status(campaignId);
    const dashboard = (await driver.get('/dashboard').expect(200)).body as { dashboard: { activeCampaigns: number } };
    const campaign = (await driver.get(`/campaigns/${campaignId}`).expect(200)).body as { campaign: { status: string; pauseReason: string | null } };
    return {
      row: await row(campaignId),
      api: { status: campaign.campaign.status, pauseReason: campaign.campaign.pauseReason },
      queue: { status: queue.status, paused: queue.paused, pauseReason: queue.pauseReason },
      activeCampaigns: dashboard.dashboard.activeCampaigns,
    };
  }

  async function pausedRefusals(campaignId: string): Promise<number> {
    const [counted] = (await db.query(
      `SELECT count(*)::int AS n FROM calls WHERE campaign_id = $1 AND status = 'not_dialed' AND compliance ->> 'reason' = 'campaign_paused'`,
      [campaignId],
    )) as { n: number }[];
    return counted!.n;
  }

  async function dialsPerContact(campaignId: string): Promise<number[]> {
    const rows = (await db.query(
      `SELECT count(c.id) FILTER (WHERE c.dialed_at IS NOT NULL)::int AS n FROM contacts ct LEFT JOIN calls c ON c.contact_id = ct.id
        WHERE ct.campaign_id = $1 GROUP BY ct.id`,
      [campaignId],
    )) as { n: number }[];
    return rows.map((r) => r.n);
  }

  it('pauses and resumes by signal exactly as through the API, and never loops on a paused gate', async () => {
    const phones = ['+12025550210', '+12025550211', '+12025550212', '+12025550213', '+12025550214', '+12025550215', '+12025550216', '+12025550217'];
    const campaignId = await driver.createCampaign(
      { callSettings: { maxConcurrentCalls: 1, callIntervalMs: 1500, retryAttempts: 0, callTimeoutSeconds: 2 } },
      phones.map(contact),
    );
    await driver.start(campaignId);
    await eventually(async () => ((await driver.calls(campaignId)).some((c) => c.dialed_at) ? true : undefined), 'the first dial');

    await driver.post('/calls/automated/pause', { campaignId }).expect(200);
    const throughApi = await observed(campaignId);
    await driver.post('/calls/automated/resume', { campaignId }).expect(200);
    expect((await row(campaignId)).status).toBe('active');

    await temporalCli('signal', campaignId, 'pause');
    await rowSays(campaignId, 'paused');
    const pausedAt = Date.now();
    expect(await observed(campaignId)).toEqual(throughApi);
    expect(throughApi).toEqual({
      row: { status: 'paused', pause_reason: null },
      api: { status: 'paused', pauseReason: null },
      queue: { status: 'paused', paused: true, pauseReason: null },
      activeCampaigns: 0,
    });
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect((await driver.calls(campaignId)).filter((c) => c.dialed_at && c.dialed_at.getTime() > pausedAt)).toEqual([]);

    await temporalCli('signal', campaignId, 'resume');
    await rowSays(campaignId, 'active');
    expect((await observed(campaignId)).activeCampaigns).toBe(1);
    await driver.waitForStatus(campaignId, 'completed');
    expect((await row(campaignId)).status).toBe('completed');
    expect(await pausedRefusals(campaignId)).toBe(0);
    expect(await dialsPerContact(campaignId)).toEqual(phones.map(() => 1));
  });

  it('stops by signal: the row is no longer active, and the campaign can start again to finish its contacts', async () => {
    const campaignId = await driver.createCampaign(
      { callSettings: { maxConcurrentCalls: 1, callIntervalMs: 1500, retryAttempts: 0, callTimeoutSeconds: 2 } },
      ['+12025550310', '+12025550311', '+12025550312', '+12025550313', '+12025550314'].map(contact),
    );
    await driver.start(campaignId);
    await eventually(async () => ((await driver.calls(campaignId)).some((c) => c.dialed_at) ? true : undefined), 'the first dial');
    await temporalCli('signal', campaignId, 'stop');
    await rowSays(campaignId, 'stopped');
    await driver.waitForStatus(campaignId, 'stopped');
    expect((await observed(campaignId)).activeCampaigns).toBe(0);
    // Not running any more: a stop through the API says so rather than pretending.
    await driver.post('/calls/automated/stop', { campaignId }).expect(409);

    await driver.start(campaignId);
    await driver.waitForStatus(campaignId, 'completed');
    expect(await dialsPerContact(campaignId)).toEqual([1, 1, 1, 1, 1]);
    expect(await pausedRefusals(campaignId)).toBe(0);
  });

  it('a breaker trip followed at once by a resume ends with the campaign running and the row active', async () => {
    const congested = ['+12025550330', '+12025550331', '+12025550332'];
    const busy = ['+12025550410', '+12025550411', '+12025550412', '+12025550413', '+12025550414', '+12025550415'];
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
      congested.map(contact),
    );
    // Added later, so they are dialed after the failures that trip the breaker.
    await driver.post(`/campaigns/${campaignId}/contacts`, { contacts: busy.map(contact) }).expect(201);
    await driver.start(campaignId);
    // The workflow's own view says paused the moment the breaker trips; resume before its write lands.
    await eventually(async () => ((await driver.status(campaignId)).paused ? true : undefined), 'the breaker to trip', 60_000, 20);
    await temporalCli('signal', campaignId, 'resume');
    await rowSays(campaignId, 'active');
    const queue = await driver.status(campaignId);
    expect(queue.status === 'running' || queue.status === 'completed').toBe(true);
    await driver.waitForStatus(campaignId, 'completed');
    expect((await row(campaignId)).status).toBe('completed');
    expect(await pausedRefusals(campaignId)).toBe(0);
    expect(await dialsPerContact(campaignId)).toEqual([...congested, ...busy].map(() => 1));
  });

  it('a run terminated from Web UI shows as interrupted and starts again without dialing anyone twice', async () => {
    const phones = ['+12025550510', '+12025550511', '+12025550512', '+12025550513', '+12025550514', '+12025550515'];
    const campaignId = await driver.createCampaign({ callSettings: { maxConcurrentCalls: 2, callIntervalMs: 1000, retryAttempts: 0, callTimeoutSeconds: 2 } }, phones.map(contact));
    await driver.start(campaignId);
    await eventually(async () => ((await driver.calls(campaignId)).filter((c) => c.dialed_at).length >= 2 ? true : undefined), 'two dials');
    await temporalCli('terminate', campaignId);

    const shown = (await driver.get(`/campaigns/${campaignId}`).expect(200)).body as { campaign: { status: string; engine: { workflowStatus: string; interrupted: boolean } } };
    expect(shown.campaign.status).toBe('active');
    expect(shown.campaign.engine).toEqual({ workflowStatus: 'terminated', interrupted: true });
    const listed = (await driver.get('/campaigns').expect(200)).body as { campaigns: { id: string; running: boolean; interrupted: boolean }[] };
    expect(listed.campaigns.find((c) => c.id === campaignId)).toMatchObject({ running: false, interrupted: true });

    await driver.start(campaignId);
    await driver.waitForStatus(campaignId, 'completed');
    expect(await dialsPerContact(campaignId)).toEqual(phones.map(() => 1));
    const contacts = await driver.contacts(campaignId);
    expect([...contacts.values()].every((c) => c.status === 'failed')).toBe(true);
  });

  it('presents the campaign caller id on the dial, and shows a live call as in progress with its answer time', async () => {
    const campaignId = await driver.createCampaign({ callSettings: { maxConcurrentCalls: 1, callIntervalMs: 0, retryAttempts: 0 } }, [contact('+12025550640')]);
    await driver.patch(`/campaigns/${campaignId}`, { callerId: '+15550001234' }).expect(200);
    await driver.start(campaignId);

    const live = await eventually(
      async () => {
        const calls = (await driver.get(`/calls?campaign_id=${campaignId}`).expect(200)).body as { calls: { status: string; answeredAt: string | null }[] };
        return calls.calls.find((c) => c.status === 'in_progress');
      },
      'the call to be in progress',
      30_000,
      100,
    );
    expect(Date.parse(live.answeredAt!)).toBeGreaterThan(Date.now() - 30_000);

    // Asterisk's own view of the call: every channel of it carries the campaign's caller id.
    const response = await fetch(`${config.ari.url}/ari/channels`, {
      headers: { authorization: `Basic ${Buffer.from(`${config.ari.user}:${config.ari.password}`).toString('base64')}` },
    });
    const channels = ((await response.json()) as { name: string; caller: { number: string } }[]).filter((c) => c.name.includes('+12025550640'));
    expect(channels.length).toBeGreaterThanOrEqual(2);
    expect(channels.map((c) => c.caller.number)).toEqual(channels.map(() => '+15550001234'));

    await driver.waitForStatus(campaignId, 'completed');
    const [event] = (await db.query(
      `SELECT e.event_data FROM call_events e JOIN calls c ON c.id = e.call_id WHERE c.campaign_id = $1 AND e.event_type = 'call_initiated'`,
      [campaignId],
    )) as { event_data: { callerId: string } }[];
    expect(event?.event_data.callerId).toBe('+15550001234');
  });
});

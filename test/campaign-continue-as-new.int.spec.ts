import type { Client } from '@temporalio/client';
import { campaignWorkflowId } from '../libs/contracts/src';
import type { CampaignDriver } from './support/campaign-driver';
import { type DialerHarness, startDialer } from './support/dialer-harness';
import { type DevServer, startTemporalDevServer } from './support/temporal-dev-server';
import { daytimeZone, testConfig } from './support/test-env';

/**
 * A server that suggests continue-as-new after 40 history events makes the CampaignWorkflow continue as
 * new many times in one small campaign; no contact and no counter may be lost on the way.
 */
describe('a campaign that continues as new', () => {
  let server: DevServer;
  let harness: DialerHarness;
  let driver: CampaignDriver;
  let temporal: Client;

  beforeAll(async () => {
    server = await startTemporalDevServer(7243, ['limit.historyCount.suggestContinueAsNew=40']);
    harness = await startDialer(testConfig({ TEMPORAL_ADDRESS: server.address }));
    ({ driver, temporal } = harness);
  });

  afterAll(async () => {
    await harness?.close();
    await server?.stop();
  });

  it('dials every contact and keeps every count across runs', async () => {
    const zone = daytimeZone();
    // Busy numbers end in a fraction of a second; one retry each doubles the reports the campaign counts.
    const phones = Array.from({ length: 24 }, (_, i) => `+12025550${Math.floor(i / 10)}1${i % 10}`);
    const campaignId = await driver.createCampaign(
      { callSettings: { maxConcurrentCalls: 4, callIntervalMs: 0, retryAttempts: 1, retryDelayMinutes: 0.01, callTimeoutSeconds: 2 } },
      phones.map((phone) => ({ phone, timezone: zone })),
    );
    await driver.start(campaignId);
    const final = await driver.waitForStatus(campaignId, 'completed', 180_000);
    expect(final).toMatchObject({ totalContacts: 24, processedContacts: 24, successfulCalls: 0, failedCalls: 48, activeCalls: 0 });

    const runs: { status: string; historyLength: number }[] = [];
    for await (const run of temporal.workflow.list({ query: `WorkflowId = "${campaignWorkflowId(campaignId)}"` })) {
      runs.push({ status: run.status.name, historyLength: run.historyLength });
    }
    expect(runs.filter((r) => r.status === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(3);

    const calls = await driver.calls(campaignId);
    expect(calls).toHaveLength(48);
    const perAttempt = new Map<string, number>();
    for (const call of calls) perAttempt.set(`${call.phone}/${call.attempt}`, (perAttempt.get(`${call.phone}/${call.attempt}`) ?? 0) + 1);
    expect([...perAttempt.values()].every((n) => n === 1)).toBe(true);
    expect(calls.every((c) => c.outcome === 'busy' && c.dialed_at)).toBe(true);
    const contacts = await driver.contacts(campaignId);
    expect([...contacts.values()].every((c) => c.status === 'failed' && c.attempts === 2)).toBe(true);
  });
});

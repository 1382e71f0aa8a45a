import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { DialLimits } from '../libs/contracts/src';
import { type CallRow, type CampaignDriver, maxOverlap } from './support/campaign-driver';
import { login } from './support/api-app';
import { type DialerHarness, startDialer } from './support/dialer-harness';
import { createTenant, daytimeZone, testConfig } from './support/test-env';

/**
 * An organization's dial limits hold across all its running campaigns, on the real Temporal dev server,
 * PostgreSQL and the Asterisk sandbox. Simulated customers: 1x busy, 2x never answers (asterisk/extensions.conf).
 */
describe('organization dial limits', () => {
  let harness: DialerHarness;
  let db: DataSource;
  let driver: CampaignDriver;
  const zone = daytimeZone();
  // Each campaign alone would dial all its contacts at once.
  const generous = { maxConcurrentCalls: 4, callIntervalMs: 0, retryAttempts: 0, callTimeoutSeconds: 2 };

  beforeAll(async () => {
    harness = await startDialer(testConfig());
    ({ db, driver } = harness);
  });
  afterAll(() => harness?.close());

  async function setLimits(limits: DialLimits): Promise<void> {
    const res = await driver.put('/organization/dial-limits', limits).expect(200);
    expect(res.body).toEqual({ success: true, dialLimits: limits });
  }

  /** Runs two campaigns of the organization at the same time to completion; answers all their calls. */
  async function runTwoCampaigns(phones: string[]): Promise<CallRow[]> {
    const contacts = phones.map((phone) => ({ phone, timezone: zone }));
    const campaignIds = [await driver.createCampaign({ callSettings: generous }, contacts), await driver.createCampaign({ callSettings: generous }, contacts)];
    await Promise.all(campaignIds.map((id) => driver.start(id)));
    for (const id of campaignIds) expect(await driver.waitForStatus(id, 'completed')).toMatchObject({ processedContacts: phones.length, activeCalls: 0 });
    return (await Promise.all(campaignIds.map((id) => driver.calls(id)))).flat();
  }

  it('keeps the calls in flight of two campaigns within the organization’s maxConcurrentCalls', async () => {
    await setLimits({ callsPerSecond: null, maxConcurrentCalls: 2 });
    const calls = await runTwoCampaigns(['+12025550120', '+12025550121', '+12025550122']);
    expect(calls).toHaveLength(6);
    expect(calls.every((c) => c.outcome === 'no_answer' && c.dialed_at && c.ended_at)).toBe(true);
    // Each rings for 2 s and four more wait their turn, so the bound is reached, never passed.
    expect(maxOverlap(calls)).toBe(2);
  });

  it('holds the dials of two campaigns to the organization’s callsPerSecond in every one-second window', async () => {
    await setLimits({ callsPerSecond: 2, maxConcurrentCalls: null });
    const calls = await runTwoCampaigns(['+12025550110', '+12025550111', '+12025550112', '+12025550113']);
    expect(calls).toHaveLength(8);
    const dials = calls.map((c) => c.dialed_at!.getTime()).sort((a, b) => a - b);
    const busiestSecond = Math.max(...dials.map((start) => dials.filter((t) => t >= start && t < start + 1000).length));
    expect(busiestSecond).toBe(2);
  });

  describe('the API', () => {
    const put = (token: string, body: unknown) => request(harness.app.getHttpServer()).put('/api/v1/organization/dial-limits').set('Authorization', `Bearer ${token}`).send(body as object);
    const get = (token: string) => request(harness.app.getHttpServer()).get('/api/v1/organization/dial-limits').set('Authorization', `Bearer ${token}`);

    it.each([
      ['callsPerSecond', { callsPerSecond: 0, maxConcurrentCalls: null }],
      ['callsPerSecond', { callsPerSecond: -1, maxConcurrentCalls: null }],
      ['callsPerSecond', { callsPerSecond: '5', maxConcurrentCalls: null }],
      ['callsPerSecond', { callsPerSecond: 1001, maxConcurrentCalls: null }],
      ['callsPerSecond', { maxConcurrentCalls: 3 }],
      ['maxConcurrentCalls', { callsPerSecond: null, maxConcurrentCalls: 0 }],
      ['maxConcurrentCalls', { callsPerSecond: null, maxConcurrentCalls: -2 }],
      ['maxConcurrentCalls', { callsPerSecond: null, maxConcurrentCalls: 2.5 }],
      ['maxConcurrentCalls', { callsPerSecond: null, maxConcurrentCalls: 'many' }],
      ['maxConcurrentCalls', { callsPerSecond: null, maxConcurrentCalls: 10_001 }],
    ])('refuses a bad %s with a 400 naming it: %j', async (field, body) => {
      await setLimits({ callsPerSecond: 3, maxConcurrentCalls: 9 });
      const res = await driver.put('/organization/dial-limits', body).expect(400);
      const { details } = res.body as { details: string[] };
      expect(details.length).toBeGreaterThan(0);
      for (const detail of details) expect(detail.startsWith(`${field} `)).toBe(true);
      expect((await driver.get('/organization/dial-limits').expect(200)).body).toEqual({ success: true, dialLimits: { callsPerSecond: 3, maxConcurrentCalls: 9 } });
    });

    it('takes fractional rates and the upper bounds, and null lifts a limit', async () => {
      await setLimits({ callsPerSecond: 0.5, maxConcurrentCalls: 10_000 });
      await setLimits({ callsPerSecond: 1000, maxConcurrentCalls: null });
      await setLimits({ callsPerSecond: null, maxConcurrentCalls: null });
    });

    it('is for admins only', async () => {
      const viewer = await createTenant(db, 'viewer', harness.organizationId);
      const token = await login(harness.app, viewer.email, viewer.password);
      await get(token).expect(403);
      await put(token, { callsPerSecond: 1, maxConcurrentCalls: 1 }).expect(403);
    });

    it('changes only the caller’s organization', async () => {
      await setLimits({ callsPerSecond: 4, maxConcurrentCalls: 6 });
      const other = await createTenant(db);
      const otherAdmin = await login(harness.app, other.email, other.password);
      expect((await get(otherAdmin).expect(200)).body).toEqual({ success: true, dialLimits: { callsPerSecond: null, maxConcurrentCalls: null } });
      await put(otherAdmin, { callsPerSecond: 1, maxConcurrentCalls: 1 }).expect(200);
      expect((await driver.get('/organization/dial-limits').expect(200)).body).toEqual({ success: true, dialLimits: { callsPerSecond: 4, maxConcurrentCalls: 6 } });
    });
  });
});

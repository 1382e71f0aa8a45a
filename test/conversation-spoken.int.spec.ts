import type { DataSource } from 'typeorm';
import { instantOf, localTime } from '../libs/compliance/src/calling-window';
import type { CampaignDriver } from './support/campaign-driver';
import { type DialerHarness, startDialer } from './support/dialer-harness';
import { daytimeZone, eventually, testConfig } from './support/test-env';

interface SpokenCall {
  phone: string;
  status: string;
  outcome: string;
  transcript: string;
  dialed_at: Date;
  contact_status: string;
  next_attempt_at: Date | null;
}

/**
 * Customers who speak, on the real Asterisk: the sandbox's numbers +1 202 555 8PPP say phrase PPP of
 * asterisk/sim-speech/phrases.tsv after the AI's greeting. The default offline recogniser (PocketSphinx)
 * hears them; no cloud account is involved.
 */
describe('a conversation spoken by the customer, with the offline recogniser', () => {
  const config = testConfig({ LISTEN_TIMEOUT_SECONDS: '3', MAX_TURNS: '3' });
  const numbers = { interested: '+12025558001', notInterested: '+12025558002', callback: '+12025558003', optsOut: '+12025558004' };
  const zone = daytimeZone();
  const calls = new Map<string, SpokenCall>();
  let harness: DialerHarness;
  let db: DataSource;
  let driver: CampaignDriver;
  let organizationId: string;

  beforeAll(async () => {
    expect(config.conversation.stt?.engine).toBe('pocketsphinx');
    harness = await startDialer(config);
    ({ db, driver, organizationId } = harness);
    const campaignId = await driver.createCampaign(
      { callSettings: { maxConcurrentCalls: 4, callIntervalMs: 0, retryAttempts: 0, callTimeoutSeconds: 10 } },
      Object.values(numbers).map((phone) => ({ phone, timezone: zone, firstName: 'Ana' })),
    );
    await driver.start(campaignId);
    // The callback keeps the campaign open until tomorrow: wait for the four calls, then stop it.
    const rows = await eventually(async () => {
      const found = (await db.query(
        `SELECT ct.phone, c.status, c.outcome, c.transcript, c.dialed_at, ct.status AS contact_status, ct.next_attempt_at
           FROM calls c JOIN contacts ct ON ct.id = c.contact_id WHERE c.campaign_id = $1 AND c.status = 'completed'`,
        [campaignId],
      )) as SpokenCall[];
      return found.length === 4 ? found : undefined;
    }, 'the four spoken calls to end', 180_000);
    for (const row of rows) calls.set(row.phone, row);
    await driver.post('/calls/automated/stop', { campaignId }).expect(200);
    await driver.waitForStatus(campaignId, 'stopped');
  }, 240_000);

  afterAll(() => harness?.close());

  it('hears "yes, I am interested"', () => {
    const call = calls.get(numbers.interested);
    expect(call).toMatchObject({ status: 'completed', outcome: 'interested' });
    expect(call?.transcript).toContain('Customer: yes i am interested');
  });

  it('hears "no thanks, I am not interested"', () => {
    expect(calls.get(numbers.notInterested)).toMatchObject({ status: 'completed', outcome: 'not_interested' });
  });

  it('hears "call me back tomorrow at three" and schedules it at 15:00 tomorrow in the contact\'s zone', () => {
    const call = calls.get(numbers.callback)!;
    expect(call).toMatchObject({ status: 'completed', outcome: 'callback', contact_status: 'retry' });
    const today = localTime(call.dialed_at, zone);
    expect(call.next_attempt_at?.toISOString()).toBe(instantOf(zone, today.year, today.month, today.day + 1, 15 * 60).toISOString());
  });

  it('hears "stop calling me" and puts the number on the do-not-call list', async () => {
    expect(calls.get(numbers.optsOut)).toMatchObject({ status: 'completed', outcome: 'opted_out' });
    const dnc = (await db.query('SELECT source FROM dnc_entries WHERE organization_id = $1 AND phone = $2', [organizationId, numbers.optsOut])) as {
      source: string;
    }[];
    expect(dnc).toEqual([{ source: 'call' }]);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { instantOf, localTime } from '../libs/compliance/src/calling-window';
import type { CampaignDriver } from './support/campaign-driver';
import { type DialerHarness, startDialer } from './support/dialer-harness';
import { daytimeZone, eventually, testConfig } from './support/test-env';

/**
 * A spoken turn end to end with a cloud recogniser: the (simulated) customer's speech streams from
 * Asterisk to the worker, which sends the utterance to the speech-to-text provider (a local server
 * speaking the OpenAI-compatible API, standing in for the paid one), and the transcript "call me back
 * tomorrow at 3" becomes an attempt scheduled at 15:00 tomorrow in the contact's time zone.
 */
describe('a spoken conversation', () => {
  let stt: Server;
  const uploads: Buffer[] = [];
  let harness: DialerHarness;
  let db: DataSource;
  let driver: CampaignDriver;

  beforeAll(async () => {
    stt = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        uploads.push(Buffer.concat(chunks));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: 'Call me back tomorrow at 3' }));
      });
    });
    await new Promise<void>((resolve) => stt.listen(0, '127.0.0.1', resolve));
    const port = (stt.address() as AddressInfo).port;
    harness = await startDialer(
      testConfig({ STT_ENGINE: 'openai', STT_BASE_URL: `http://127.0.0.1:${port}/v1`, STT_API_KEY: 'test-key', LISTEN_TIMEOUT_SECONDS: '2' }),
    );
    ({ db, driver } = harness);
  });

  afterAll(async () => {
    await harness?.close();
    await new Promise<void>((resolve) => stt.close(() => resolve()));
  });

  it('schedules the callback the customer asked for, in their time zone', async () => {
    const zone = daytimeZone();
    const campaignId = await driver.createCampaign(
      { callSettings: { maxConcurrentCalls: 1, callIntervalMs: 0, retryAttempts: 0, callTimeoutSeconds: 5 } },
      // A customer who says "Call me back tomorrow at three" (asterisk/sim-speech/phrases.tsv).
      [{ phone: '+12025558003', timezone: zone, firstName: 'Kim' }],
    );
    await driver.start(campaignId);
    const call = await eventually(async () => {
      const [row] = await driver.calls(campaignId);
      return row?.status === 'completed' ? row : undefined;
    }, 'the call to end', 120_000);
    expect(call.outcome).toBe('callback');

    const [saved] = (await db.query('SELECT transcript, ai_insights FROM calls WHERE campaign_id = $1', [campaignId])) as {
      transcript: string;
      ai_insights: { input: string };
    }[];
    expect(saved?.transcript).toContain('Customer: Call me back tomorrow at 3');
    expect(saved?.transcript).toMatch(/AI: Of course\. We will call you back on \w+ 3:00 PM/);
    expect(saved?.ai_insights.input).toBe('speech');
    // The provider received the utterance: a WAV file inside the multipart form.
    expect(uploads.length).toBeGreaterThanOrEqual(1);
    expect(uploads[0]!.includes(Buffer.from('RIFF'))).toBe(true);

    const [contact] = (await db.query('SELECT status, next_attempt_at FROM contacts WHERE campaign_id = $1', [campaignId])) as {
      status: string;
      next_attempt_at: Date;
    }[];
    const today = localTime(call.dialed_at!, zone);
    expect(contact?.status).toBe('retry');
    expect(contact?.next_attempt_at.toISOString()).toBe(instantOf(zone, today.year, today.month, today.day + 1, 15 * 60).toISOString());

    await driver.post('/calls/automated/stop', { campaignId }).expect(200);
    await driver.waitForStatus(campaignId, 'stopped');
  });
});

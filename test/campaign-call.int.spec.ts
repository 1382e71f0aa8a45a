import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { DialerWorker } from '../apps/worker/src/dialer-worker';
import { startApi, login } from './support/api-app';
import { createTenant, daytimeZone, eventually, testConfig, testDatabase } from './support/test-env';

/**
 * A whole campaign through the HTTP API on the real PostgreSQL, Temporal dev server and Asterisk sandbox.
 * The numbers route to the sandbox's simulated customers (see asterisk/extensions.conf).
 */
describe('a campaign started through the API', () => {
  const config = testConfig();
  let db: DataSource;
  let worker: DialerWorker;
  let app: INestApplication;
  let token: string;

  beforeAll(async () => {
    db = await testDatabase();
    worker = new DialerWorker(config);
    await worker.start();
    app = await startApi(config);
    const tenant = await createTenant(db);
    token = await login(app, tenant.email, tenant.password);
  });

  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await db?.destroy();
  });

  const api = () => request(app.getHttpServer());
  const auth = () => ({ Authorization: `Bearer ${token}` });

  it('dials every contact once and records what happened on each line', async () => {
    const created = await api()
      .post('/api/v1/campaigns')
      .set(auth())
      .send({
        name: 'Foundation e2e',
        callSettings: { maxConcurrentCalls: 3, callIntervalMs: 200, retryAttempts: 0, callTimeoutSeconds: 3 },
      })
      .expect(201);
    const campaignId = (created.body as { campaign: { id: string } }).campaign.id;
    const numbers = {
      listens: '+12025550100',
      listensToo: '(202) 555-0101',
      busy: '+12025550110',
      noAnswer: '+12025550120',
      congestion: '+12025550130',
      hangsUp: '+12025550140',
    };
    await api()
      .post(`/api/v1/campaigns/${campaignId}/contacts`)
      .set(auth())
      .send({ contacts: Object.entries(numbers).map(([name, phone]) => ({ firstName: name, phone, timezone: daytimeZone() })) })
      .expect(201);

    const started = await api().post('/api/v1/calls/automated/start').set(auth()).send({ campaignId }).expect(200);
    expect(started.body).toEqual({ success: true, message: 'Automated calls started successfully', campaignId });
    const again = await api().post('/api/v1/calls/automated/start').set(auth()).send({ campaignId }).expect(200);
    expect((again.body as { message: string }).message).toBe('Automated calls already running');

    const finalStatus = await eventually(
      async () => {
        const res = await api().get(`/api/v1/calls/queue/status/${campaignId}`).set(auth()).expect(200);
        const status = (res.body as { status: { status: string } }).status;
        return status.status === 'completed' ? status : undefined;
      },
      'the campaign to complete',
      120_000,
      500,
    );
    expect(finalStatus).toMatchObject({ totalContacts: 6, processedContacts: 6, successfulCalls: 3, failedCalls: 3, activeCalls: 0 });

    const rows = (await db.query(
      `SELECT ct.phone, ct.status AS contact_status, c.attempt, c.status, c.outcome, c.duration, c.hangup_cause
         FROM contacts ct LEFT JOIN calls c ON c.contact_id = ct.id
        WHERE ct.campaign_id = $1`,
      [campaignId],
    )) as { phone: string; contact_status: string; attempt: number; status: string; outcome: string; duration: number }[];
    expect(rows).toHaveLength(6);
    const byPhone = new Map(rows.map((r) => [r.phone, r]));
    for (const phone of ['+12025550100', '+12025550101']) {
      expect(byPhone.get(phone)).toMatchObject({ status: 'completed', outcome: 'no_decision', attempt: 1, contact_status: 'contacted' });
      expect(byPhone.get(phone)!.duration).toBeGreaterThan(0);
    }
    expect(byPhone.get(numbers.busy)).toMatchObject({ status: 'failed', outcome: 'busy', contact_status: 'failed' });
    expect(byPhone.get(numbers.noAnswer)).toMatchObject({ status: 'failed', outcome: 'no_answer', contact_status: 'failed' });
    expect(byPhone.get(numbers.congestion)).toMatchObject({ status: 'failed', outcome: 'congestion', contact_status: 'failed' });
    expect(byPhone.get(numbers.hangsUp)).toMatchObject({ status: 'completed', outcome: 'hung_up', contact_status: 'contacted' });

    const perAttempt = (await db.query(
      `SELECT count(*)::int AS count FROM calls WHERE campaign_id = $1 GROUP BY contact_id, attempt`,
      [campaignId],
    )) as { count: number }[];
    expect(perAttempt.map((r) => r.count)).toEqual([1, 1, 1, 1, 1, 1]);

    const history = await api().get(`/api/v1/calls?campaign_id=${campaignId}`).set(auth()).expect(200);
    expect((history.body as { calls: unknown[] }).calls).toHaveLength(6);
  });
});

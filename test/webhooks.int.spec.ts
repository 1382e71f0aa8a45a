import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { WEBHOOK_DELIVERY_WORKFLOW } from '../libs/contracts/src';
import { WebhookRepository } from '../libs/db/src';
import { WebhookDispatcher, verifyWebhookSignature } from '../libs/webhooks/src';
import { webhookDeliveryWorkflow } from '../workflows';
import { login } from './support/api-app';
import { type DialerHarness, startDialer } from './support/dialer-harness';
import { createTenant, daytimeZone, eventually, testConfig } from './support/test-env';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

interface Envelope {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

interface DeliveryRow {
  id: string;
  eventId: string;
  eventType: string;
  workflowId: string;
  attempt: number;
  result: string;
  statusCode: number | null;
}

/** A receiver as the docs describe it (docs/api.md), written without our library: HMAC of "<t>.<body>". */
function receiverVerifies(secret: string, header: string | undefined, body: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return Math.abs(Date.now() / 1000 - Number(match[1])) < 300 && timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}

/**
 * Webhooks end to end on the real PostgreSQL, Temporal and Asterisk: a local receiver that is down for its
 * first five requests still gets every event of a small campaign (a busy number, paused and resumed), each
 * signed with the endpoint's secret; retries are short here by configuration.
 */
describe('outcome webhooks', () => {
  const config = testConfig({ WEBHOOK_RETRY_INITIAL_MS: '100', WEBHOOK_RETRY_MAX_MS: '400', WEBHOOK_TIMEOUT_MS: '2000' });
  let harness: DialerHarness;
  let server: Server;
  let baseUrl: string;
  const received: Received[] = [];
  let failuresLeft = 5;
  /** The second endpoint's receiver checks signatures with a secret that is not the endpoint's. */
  const WRONG_SECRET = 'whsec_not_the_endpoint_secret';

  beforeAll(async () => {
    harness = await startDialer(config);
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const signature = req.headers['x-aidialer-signature'] as string | undefined;
        let answered = 204;
        if (req.url === '/flaky' && failuresLeft > 0) {
          failuresLeft -= 1;
          answered = 500;
        } else if (req.url === '/strict' && !verifyWebhookSignature(WRONG_SECRET, signature, body)) answered = 401;
        received.push({ path: req.url ?? '', headers: req.headers, body, answered });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await harness?.close();
  });

  const accepted = (path: string) => received.filter((r) => r.path === path && r.answered === 204);
  const eventsAt = (path: string) => accepted(path).map((r) => JSON.parse(r.body) as Envelope);
  const deliveries = async (endpointId: string): Promise<DeliveryRow[]> =>
    ((await harness.driver.get(`/webhooks/${endpointId}/deliveries?limit=100`).expect(200)).body as { deliveries: DeliveryRow[] }).deliveries;

  it('names the delivery workflow as the dispatcher starts it', () => {
    expect(webhookDeliveryWorkflow.name).toBe(WEBHOOK_DELIVERY_WORKFLOW);
  });

  it('validates endpoints and keeps them to their organization', async () => {
    const { driver } = harness;
    const notHttps = await driver.post('/webhooks', { url: 'http://example.com/hook' }).expect(400);
    expect((notHttps.body as { message: string }).message).toMatch(/^url /);
    const badType = await driver.post('/webhooks', { url: 'https://example.com/hook', eventTypes: ['call.started'] }).expect(400);
    expect((badType.body as { message: string }).message).toMatch(/eventTypes/);

    const created = await driver.post('/webhooks', { url: 'https://example.com/hook', enabled: false }).expect(201);
    const { webhook, secret } = { webhook: (created.body as { endpoint: { id: string } }).endpoint, secret: (created.body as { secret: string }).secret };
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const listed = (await driver.get('/webhooks').expect(200)).body as { webhooks: Record<string, unknown>[] };
    expect(listed.webhooks.find((w) => w.id === webhook.id)).not.toHaveProperty('secret');
    const rotated = (await driver.post(`/webhooks/${webhook.id}/rotate-secret`, {}).expect(200)).body as { secret: string };
    expect(rotated.secret).not.toBe(secret);

    const stranger = await createTenant(harness.db);
    const token = await login(harness.app, stranger.email, stranger.password);
    const as = (method: 'get' | 'patch' | 'delete' | 'post', path: string) =>
      request(harness.app.getHttpServer())[method](`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send({});
    await as('get', `/webhooks/${webhook.id}`).expect(404);
    await as('patch', `/webhooks/${webhook.id}`).expect(404);
    await as('get', `/webhooks/${webhook.id}/deliveries`).expect(404);
    await as('post', `/webhooks/${webhook.id}/rotate-secret`).expect(404);
    await as('delete', `/webhooks/${webhook.id}`).expect(404);
    expect(((await as('get', '/webhooks').expect(200)).body as { webhooks: unknown[] }).webhooks).toEqual([]);
    await driver.delete(`/webhooks/${webhook.id}`).expect(204);
  });

  it('delivers every event of a campaign through a receiver that fails five times, signed, logged and replayable', async () => {
    const { driver } = harness;
    const flaky = (await driver.post('/webhooks', { url: `${baseUrl}/flaky`, description: 'fails first' }).expect(201)).body as {
      endpoint: { id: string };
      secret: string;
    };
    const strict = (await driver.post('/webhooks', { url: `${baseUrl}/strict` }).expect(201)).body as { endpoint: { id: string }; secret: string };

    const campaignId = await driver.createCampaign(
      { callSettings: { maxConcurrentCalls: 1, callIntervalMs: 0, retryAttempts: 0, callTimeoutSeconds: 3 } },
      [{ phone: '+12025550110', timezone: daytimeZone() }],
    );
    await driver.start(campaignId);
    await driver.post('/calls/automated/pause', { campaignId }).expect((res) => expect([200, 202]).toContain(res.status));
    await driver.waitForStatus(campaignId, 'paused', 30_000);
    await driver.post('/calls/automated/resume', { campaignId }).expect((res) => expect([200, 202]).toContain(res.status));
    await driver.waitForStatus(campaignId, 'completed');

    const expectedTypes = ['campaign.paused', 'campaign.resumed', 'call.finished', 'campaign.completed'];
    await eventually(async () => (eventsAt('/flaky').length >= 4 ? true : undefined), 'four events past the failing receiver', 60_000);
    const events = eventsAt('/flaky');
    expect(events.map((e) => e.type).sort()).toEqual([...expectedTypes].sort());
    expect(new Set(events.map((e) => e.id)).size).toBe(4);
    for (const r of accepted('/flaky')) {
      expect(r.headers['x-aidialer-event-id']).toBe((JSON.parse(r.body) as Envelope).id);
      expect(receiverVerifies(flaky.secret, r.headers['x-aidialer-signature'] as string, r.body)).toBe(true);
      expect(receiverVerifies(WRONG_SECRET, r.headers['x-aidialer-signature'] as string, r.body)).toBe(false);
      expect(receiverVerifies(flaky.secret, r.headers['x-aidialer-signature'] as string, r.body.replace('"data"', '"date"'))).toBe(false);
    }
    expect(received.filter((r) => r.path === '/flaky' && r.answered === 500)).toHaveLength(5);

    const finished = events.find((e) => e.type === 'call.finished')!;
    expect(finished.data).toMatchObject({
      campaignId,
      phone: '+12025550110',
      attempt: 1,
      status: 'failed',
      outcome: 'busy',
      contactStatus: 'failed',
      dialStatus: 'BUSY',
      compliance: { allowed: true, reason: 'ok' },
      analysis: null,
    });
    expect(finished.data.dialedAt).toEqual(expect.any(String));
    expect(finished.data.endedAt).toEqual(expect.any(String));
    expect(events.find((e) => e.type === 'campaign.paused')!.data).toMatchObject({ campaignId, status: 'paused' });

    const flakyLog = await deliveries(flaky.endpoint.id);
    expect(flakyLog.filter((d) => d.result === 'retrying').map((d) => d.statusCode)).toEqual([500, 500, 500, 500, 500]);
    expect(flakyLog.filter((d) => d.result === 'delivered')).toHaveLength(4);
    expect(flakyLog.map((d) => d.workflowId)).toEqual(expect.arrayContaining(events.map((e) => `webhook/${flaky.endpoint.id}/${e.id}`)));

    // The receiver with the wrong secret refuses each event (401): logged as failed once, never retried.
    await eventually(async () => ((await deliveries(strict.endpoint.id)).length >= 4 ? true : undefined), 'the strict receiver to refuse every event');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const strictLog = await deliveries(strict.endpoint.id);
    expect(strictLog.map((d) => [d.result, d.statusCode, d.attempt])).toEqual(Array(4).fill(['failed', 401, 1]));
    const strictRequests = received.filter((r) => r.path === '/strict');
    expect(strictRequests).toHaveLength(4);
    for (const r of strictRequests) expect(receiverVerifies(strict.secret, r.headers['x-aidialer-signature'] as string, r.body)).toBe(true);

    // A replay sends the event again under a workflow id of its own; the receiver sees the same event id.
    const delivered = flakyLog.find((d) => d.result === 'delivered' && d.eventType === 'call.finished')!;
    const replay = (await driver.post(`/webhooks/deliveries/${delivered.id}/replay`, {}).expect(202)).body as { workflowId: string };
    expect(replay.workflowId).toMatch(new RegExp(`^webhook/${flaky.endpoint.id}/${finished.id}/replay/`));
    await eventually(async () => (eventsAt('/flaky').filter((e) => e.id === finished.id).length === 2 ? true : undefined), 'the replayed event');
    const replayed = (await deliveries(flaky.endpoint.id)).find((d) => d.workflowId === replay.workflowId);
    expect(replayed).toMatchObject({ eventId: finished.id, result: 'delivered', statusCode: 204, attempt: 1 });
  });

  it('the sweep starts an event whose delivery was never started, once', async () => {
    const { db, temporal } = harness;
    // An organization of its own, so only this endpoint takes the event.
    const tenant = await createTenant(db);
    const { organizationId } = tenant;
    const token = await login(harness.app, tenant.email, tenant.password);
    const created = await request(harness.app.getHttpServer())
      .post('/api/v1/webhooks')
      .set('Authorization', `Bearer ${token}`)
      .send({ url: `${baseUrl}/swept`, eventTypes: ['campaign.stopped'] })
      .expect(201);
    const endpointId = (created.body as { endpoint: { id: string } }).endpoint.id;
    // As if the worker died between the commit and the start: the event is there, undispatched.
    const [{ id: eventId }] = (await db.query(
      `INSERT INTO webhook_events (organization_id, event_type, subject, data, occurred_at)
       VALUES ($1, 'campaign.stopped', 'sweep-test-' || gen_random_uuid(), '{"status": "stopped"}', now()) RETURNING id`,
      [organizationId],
    )) as [{ id: string }];
    await db.query(`UPDATE webhook_events SET created_at = created_at - interval '1 minute' WHERE id = $1`, [eventId]);
    await db.query(`UPDATE webhook_endpoints SET created_at = created_at - interval '2 minutes' WHERE id = $1`, [endpointId]);
    const dispatcher = new WebhookDispatcher(temporal, new WebhookRepository(db), { taskQueue: config.temporal.taskQueue, retry: config.webhooks.retry });
    expect(await dispatcher.dispatchPending(30_000, organizationId)).toBe(1);
    expect(await dispatcher.dispatch([eventId])).toBe(0);
    await eventually(async () => (accepted('/swept').length > 0 ? true : undefined), 'the swept event');
    await db.query('UPDATE webhook_events SET dispatched_at = NULL WHERE id = $1', [eventId]);
    expect(await dispatcher.dispatchPending(30_000, organizationId)).toBe(0);
    expect(accepted('/swept').map((r) => (JSON.parse(r.body) as Envelope).id)).toEqual([eventId]);
    const log = await db.query('SELECT event_id AS "eventId", result, attempt FROM webhook_deliveries WHERE endpoint_id = $1', [endpointId]);
    expect(log).toEqual([{ eventId, result: 'delivered', attempt: 1 }]);
  });
});

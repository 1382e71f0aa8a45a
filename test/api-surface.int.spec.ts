import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { campaignWorkflowId } from '../libs/contracts/src';
import { changeFeedApplicationName } from '../apps/api/src/events/change-feed.service';
import { startApiWithTenants } from './support/dialer-harness';
import { eventually, testConfig } from './support/test-env';

type Harness = Awaited<ReturnType<typeof startApiWithTenants>>;

function client(app: INestApplication) {
  const server = () => request(app.getHttpServer());
  return (credential: string | { apiKey: string }) => {
    const auth: Record<string, string> = typeof credential === 'string' ? { Authorization: `Bearer ${credential}` } : { 'X-API-Key': credential.apiKey };
    return {
      get: (path: string) => server().get(`/api/v1${path}`).set(auth),
      post: (path: string, body?: object) => server().post(`/api/v1${path}`).set(auth).send(body),
      patch: (path: string, body: object) => server().patch(`/api/v1${path}`).set(auth).send(body),
      delete: (path: string) => server().delete(`/api/v1${path}`).set(auth),
    };
  };
}

/** Call rows as the worker writes them: one contact per call, in the given campaign. */
async function insertCalls(db: DataSource, campaignId: string, calls: { outcome: string | null; status?: string; duration?: number; emotion?: string; csat?: number }[]) {
  const ids: string[] = [];
  for (const [index, call] of calls.entries()) {
    const phone = `+1202555${String(3000 + index + Math.floor(Math.random() * 6000)).padStart(4, '0')}`;
    const [row] = (await db.query(
      `WITH contact AS (
         INSERT INTO contacts (organization_id, campaign_id, phone, first_name)
         SELECT organization_id, id, $2, 'Caller' FROM campaigns WHERE id = $1
         ON CONFLICT (campaign_id, phone) DO UPDATE SET first_name = 'Caller' RETURNING id, organization_id, campaign_id)
       INSERT INTO calls (organization_id, campaign_id, contact_id, attempt, workflow_id, channel_id, status, outcome, duration, emotion, csat_score)
       SELECT organization_id, campaign_id, id, 1, 'wf-' || id, 'ch-' || gen_random_uuid(), $3, $4, $5, $6, $7 FROM contact
       RETURNING id`,
      [campaignId, phone, call.status ?? 'completed', call.outcome, call.duration ?? 0, call.emotion ?? null, call.csat ?? null],
    )) as [{ id: string }];
    ids.push(row.id);
  }
  return ids;
}

describe('the API surface', () => {
  let harness: Harness;
  let db: DataSource;
  let as: ReturnType<typeof client>;
  let temporal: Client;
  let connection: Connection;
  const config = testConfig();

  beforeAll(async () => {
    harness = await startApiWithTenants(config);
    db = harness.db;
    as = client(harness.app);
    connection = await Connection.connect({ address: config.temporal.address });
    temporal = new Client({ connection, namespace: config.temporal.namespace });
  });

  afterAll(async () => {
    await connection?.close();
    await harness?.close();
  });

  const newCampaign = async (token: string, name = 'Surface') =>
    ((await as(token).post('/campaigns', { name }).expect(201)).body as { campaign: { id: string } }).campaign.id;

  it('gives machines API keys: shown once, scoped to their organization and role, revocable', async () => {
    const created = await as(harness.admin).post('/api-keys', { name: 'CRM sync', role: 'admin' }).expect(201);
    const { key, apiKey } = created.body as { key: string; apiKey: { id: string; prefix: string } };
    expect(key).toMatch(/^adk_/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    const listed = await as(harness.admin).get('/api-keys').expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(JSON.stringify(listed.body)).not.toMatch(/keyHash|key_hash/);

    const campaignId = await newCampaign(harness.admin, 'Keyed');
    await as({ apiKey: key }).get(`/campaigns/${campaignId}`).expect(200);
    await as(key).get(`/campaigns/${campaignId}`).expect(200);
    await as({ apiKey: key }).get(`/campaigns/${await newCampaign(harness.otherAdmin)}`).expect(404);
    const used = ((await as(harness.admin).get('/api-keys').expect(200)).body as { apiKeys: { id: string; lastUsedAt: string | null }[] }).apiKeys;
    expect(used.find((k) => k.id === apiKey.id)?.lastUsedAt).toEqual(expect.any(String));

    const viewerKey = ((await as(harness.admin).post('/api-keys', { name: 'BI', role: 'viewer' }).expect(201)).body as { key: string }).key;
    await as({ apiKey: viewerKey }).get('/campaigns').expect(200);
    await as({ apiKey: viewerKey }).post('/calls/automated/start', { campaignId }).expect(403);
    await as(harness.viewer).post('/api-keys', { name: 'mine', role: 'admin' }).expect(403);
    await as(harness.otherAdmin).delete(`/api-keys/${apiKey.id}`).expect(404);

    await as(harness.admin).delete(`/api-keys/${apiKey.id}`).expect(204);
    const revoked = await as({ apiKey: key }).get('/campaigns').expect(401);
    expect(revoked.body).toMatchObject({ success: false, statusCode: 401, message: 'Invalid or revoked API key' });
    await as({ apiKey: 'adk_forged' }).get('/campaigns').expect(401);
  });

  it('tells a caller who they are', async () => {
    expect((await as(harness.viewer).get('/auth/me').expect(200)).body).toMatchObject({ principal: { organizationId: harness.organizationId, role: 'viewer' } });
  });

  it('answers every failure with one error body that names the bad field', async () => {
    const invalid = await as(harness.admin).post('/campaigns', { name: '', callSettings: { maxConcurrentCalls: 'many' }, owner: 'me' }).expect(400);
    expect(invalid.body).toMatchObject({ success: false, statusCode: 400, error: 'Bad Request' });
    const details = (invalid.body as { details: string[] }).details;
    expect(details.some((d) => d.startsWith('name'))).toBe(true);
    expect(details.some((d) => d.startsWith('callSettings.maxConcurrentCalls'))).toBe(true);
    expect(details.some((d) => d.includes('owner'))).toBe(true);
    const malformed = await request(harness.app.getHttpServer())
      .post('/api/v1/campaigns')
      .set('Authorization', `Bearer ${harness.admin}`)
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect(malformed.body).toMatchObject({ success: false, statusCode: 400 });
    expect(((await as(harness.admin).get('/campaigns/not-a-uuid').expect(400)).body as { message: string }).message).toContain('uuid');
    expect((await as(harness.admin).get('/campaigns/00000000-0000-4000-8000-000000000000').expect(404)).body).toMatchObject({
      success: false,
      statusCode: 404,
      error: 'Not Found',
    });
    expect((await request(harness.app.getHttpServer()).get('/api/v1/campaigns').expect(401)).body).toMatchObject({ success: false, statusCode: 401 });
  });

  it('pages calls by cursor and offset, newest first, without overlap', async () => {
    const campaignId = await newCampaign(harness.admin, 'Pages');
    const ids = await insertCalls(db, campaignId, Array.from({ length: 7 }, () => ({ outcome: 'busy' })));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/calls?campaign_id=${campaignId}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await as(harness.admin).get(query).expect(200)).body as { calls: { id: string; createdAt: string }[]; nextCursor: string | null };
      seen.push(...page.calls.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 20);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(ids));
    const byOffset = (await as(harness.admin).get(`/calls?campaign_id=${campaignId}&limit=3&offset=3`).expect(200)).body as { calls: { id: string }[] };
    expect(byOffset.calls.map((c) => c.id)).toEqual(seen.slice(3, 6));
    await as(harness.admin).get('/calls?cursor=bm9wZQ').expect(400);
    const both = await as(harness.admin).get(`/calls?campaign_id=${campaignId}&limit=3&offset=3&cursor=${encodeURIComponent(cursor ?? 'x')}`).expect(400);
    expect((both.body as { message: string }).message).toMatch(/cursor/);
  });

  it('reports campaign performance and the dashboard from the call records', async () => {
    const campaignId = await newCampaign(harness.admin, 'Metrics');
    await insertCalls(db, campaignId, [
      { outcome: 'interested', duration: 60, emotion: 'positive', csat: 5 },
      { outcome: 'not_interested', duration: 30, emotion: 'negative', csat: 2 },
      { outcome: 'interested', duration: 90, emotion: 'positive', csat: 4 },
      { outcome: 'busy' },
      { outcome: null, status: 'in_progress' },
      { outcome: 'blocked', status: 'not_dialed' },
    ]);
    const performance = (await as(harness.admin).get(`/campaigns/${campaignId}/performance`).expect(200)).body as { performance: Record<string, unknown> };
    expect(performance.performance).toMatchObject({
      totalCalls: 5,
      answeredCalls: 3,
      positiveOutcomes: 2,
      successRate: 0.667,
      averageDuration: 60,
      csatAverage: 3.67,
      outcomeDistribution: { interested: 2, not_interested: 1, busy: 1, none: 1 },
      emotionDistribution: { positive: 2, negative: 1, none: 2 },
    });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect((await as(harness.admin).get(`/campaigns/${campaignId}/performance?from=${tomorrow}`).expect(200)).body).toMatchObject({
      performance: { totalCalls: 0, successRate: 0, outcomeDistribution: {} },
    });
    const calls = (await as(harness.admin).get(`/calls?campaign_id=${campaignId}`).expect(200)).body as { calls: { id: string; contactId: string }[] };
    const oneContact = (await as(harness.admin).get(`/calls?contact_id=${calls.calls[0]?.contactId ?? ''}`).expect(200)).body as { calls: { id: string }[] };
    expect(oneContact.calls.map((c) => c.id)).toEqual([calls.calls[0]?.id]);
    const dashboard = (await as(harness.admin).get('/dashboard?timezone=America/New_York').expect(200)).body as { dashboard: Record<string, number> };
    expect(dashboard.dashboard.activeCalls).toBeGreaterThanOrEqual(1);
    expect(dashboard.dashboard.totalCallsToday).toBeGreaterThanOrEqual(5);
    const other = (await as(harness.otherAdmin).get('/dashboard').expect(200)).body as { dashboard: Record<string, number> };
    expect(other.dashboard).toMatchObject({ totalCallsToday: 0, activeCalls: 0, successRate: 0 });
    expect(JSON.stringify((await as(harness.admin).get('/dashboard?timezone=Mars/Base').expect(400)).body)).toContain('timezone');
  });

  it('archives a campaign with call records, deletes one without, and refuses a running one', async () => {
    const empty = await newCampaign(harness.admin, 'Empty');
    expect((await as(harness.admin).delete(`/campaigns/${empty}`).expect(200)).body).toMatchObject({ result: 'deleted' });
    await as(harness.admin).get(`/campaigns/${empty}`).expect(404);

    const used = await newCampaign(harness.admin, 'Used');
    await insertCalls(db, used, [{ outcome: 'interested', duration: 10 }]);
    await as(harness.viewer).delete(`/campaigns/${used}`).expect(403);
    expect((await as(harness.admin).delete(`/campaigns/${used}`).expect(200)).body).toMatchObject({ result: 'archived' });
    expect((await as(harness.admin).get(`/campaigns?status=archived`).expect(200)).body).toMatchObject({ campaigns: [{ id: used }] });
    expect(((await as(harness.admin).post('/calls/automated/start', { campaignId: used }).expect(400)).body as { message: string }).message).toContain('archived');

    const running = await newCampaign(harness.admin, 'Running');
    await as(harness.admin).post(`/campaigns/${running}/contacts`, { contacts: [{ phone: '+12025550177' }] }).expect(201);
    await as(harness.admin).post('/calls/automated/start', { campaignId: running }).expect(200);
    try {
      const listed = await eventually(async () => {
        const campaigns = ((await as(harness.admin).get('/campaigns').expect(200)).body as { campaigns: { id: string; running: boolean | null }[] }).campaigns;
        return campaigns.find((c) => c.id === running)?.running ? campaigns : undefined;
      }, 'the list to show the campaign running', 10_000);
      expect(listed.filter((c) => c.running).map((c) => c.id)).toEqual([running]);
      const refused = await as(harness.admin).delete(`/campaigns/${running}`).expect(409);
      expect((refused.body as { message: string }).message).toContain('stop it');
    } finally {
      await temporal.workflow.getHandle(campaignWorkflowId(running)).terminate('test cleanup');
    }
  });

  it("answers another organization's ids with 404 on every read and write route", async () => {
    const campaignId = await newCampaign(harness.admin, 'Private');
    await as(harness.admin).post(`/campaigns/${campaignId}/contacts`, { contacts: [{ phone: '+12025550178' }] }).expect(201);
    const [{ id: contactId }] = (await db.query('SELECT id FROM contacts WHERE campaign_id = $1', [campaignId])) as [{ id: string }];
    const [callId] = await insertCalls(db, campaignId, [{ outcome: 'interested' }]);
    const scriptId = ((await as(harness.admin).post('/scripts', { name: 'S', mainPitch: 'Hi' }).expect(201)).body as { script: { id: string } }).script.id;
    const dncId = ((await as(harness.admin).post('/dnc', { phone: '+12025550179' }).expect(201)).body as { entry: { id: string } }).entry.id;
    const keyId = ((await as(harness.admin).post('/api-keys', { name: 'k', role: 'viewer' }).expect(201)).body as { apiKey: { id: string } }).apiKey.id;
    const other = as(harness.otherAdmin);
    const routes: [string, () => request.Test][] = [
      ['GET campaign', () => other.get(`/campaigns/${campaignId}`)],
      ['PATCH campaign', () => other.patch(`/campaigns/${campaignId}`, { name: 'x' })],
      ['DELETE campaign', () => other.delete(`/campaigns/${campaignId}`)],
      ['GET performance', () => other.get(`/campaigns/${campaignId}/performance`)],
      ['POST contacts', () => other.post(`/campaigns/${campaignId}/contacts`, { contacts: [{ phone: '+12025550180' }] })],
      ['POST contact', () => other.post('/contacts', { campaignId, phone: '+12025550180' })],
      ['GET contact', () => other.get(`/contacts/${contactId}`)],
      ['PATCH contact', () => other.patch(`/contacts/${contactId}`, { firstName: 'x' })],
      ['DELETE contact', () => other.delete(`/contacts/${contactId}`)],
      ['GET script', () => other.get(`/scripts/${scriptId}`)],
      ['PATCH script', () => other.patch(`/scripts/${scriptId}`, { name: 'x' })],
      ['DELETE script', () => other.delete(`/scripts/${scriptId}`)],
      ['DELETE dnc', () => other.delete(`/dnc/${dncId}`)],
      ['DELETE api key', () => other.delete(`/api-keys/${keyId}`)],
      ['GET call', () => other.get(`/calls/${callId}`)],
      ['GET conversation', () => other.get(`/calls/${callId}/conversation`)],
      ['GET queue status', () => other.get(`/calls/queue/status/${campaignId}`)],
      ['POST start', () => other.post('/calls/automated/start', { campaignId })],
      ['POST stop', () => other.post('/calls/automated/stop', { campaignId })],
      ['POST pause', () => other.post('/calls/automated/pause', { campaignId })],
      ['POST resume', () => other.post('/calls/automated/resume', { campaignId })],
    ];
    const statuses = [];
    for (const [name, send] of routes) statuses.push([name, (await send()).status]);
    expect(statuses).toEqual(routes.map(([name]) => [name, 404]));
    for (const path of [`/calls?campaign_id=${campaignId}`, `/contacts?campaign_id=${campaignId}`]) {
      expect(JSON.stringify((await other.get(path).expect(200)).body)).not.toContain(campaignId);
    }
    expect((await other.get(`/calls/export?campaign_id=${campaignId}`).expect(200)).text.trim().split('\r\n')).toHaveLength(1);
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM contacts WHERE campaign_id = $1`, [campaignId])) as [{ n: number }];
    expect(n).toBe(2);
  });

  it('streams call and campaign changes to consoles of the same organization only', async () => {
    await harness.app.listen(0, '127.0.0.1');
    const base = await harness.app.getUrl();
    const open = (credential: string | { ticket: string }) => {
      const abort = new AbortController();
      const events: { event: string; data: { id: string; type: string; status: string } }[] = [];
      const [url, headers] =
        typeof credential === 'string'
          ? [`${base}/api/v1/events`, { Authorization: `Bearer ${credential}` }]
          : [`${base}/api/v1/events?ticket=${credential.ticket}`, {}];
      const done = fetch(url, { headers, signal: abort.signal }).then(async (response) => {
        expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const field = (name: string) => block.split('\n').find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
            const data = field('data');
            if (data) events.push({ event: field('event') ?? 'message', data: JSON.parse(data) as never });
          }
        }
      }).catch((error: unknown) => {
        if ((error as Error).name !== 'AbortError') throw error;
      });
      return { events, close: () => { abort.abort(); return done; } };
    };
    const mine = open(harness.admin);
    const theirs = open(harness.otherAdmin);
    await new Promise((resolve) => setTimeout(resolve, 300));
    try {
      const campaignId = await newCampaign(harness.admin, 'Live');
      const [callId] = await insertCalls(db, campaignId, [{ outcome: null, status: 'ringing' }]);
      await db.query(`UPDATE calls SET status = 'completed', outcome = 'interested' WHERE id = $1`, [callId]);
      await eventually(async () => (mine.events.some((e) => e.event === 'call' && e.data.status === 'completed') ? true : undefined), 'the call event', 10_000);
      expect(mine.events.find((e) => e.event === 'campaign')?.data).toMatchObject({ id: campaignId, status: 'active' });
      expect(mine.events.filter((e) => e.event === 'call').map((e) => e.data.status)).toEqual(['ringing', 'completed']);
      const theirCampaign = await newCampaign(harness.otherAdmin, 'Theirs');
      await eventually(async () => (theirs.events.length > 0 ? true : undefined), 'their campaign event', 10_000);
      expect(theirs.events.map((e) => e.data.id)).toEqual([theirCampaign]);

      // The listener's connection dies (a database restart, a proxy timeout): the feed reconnects by itself.
      const [killed] = (await db.query(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1`, [
        changeFeedApplicationName(),
      ])) as [{ n: number }];
      expect(killed.n).toBe(1);
      // The new connection shows before its LISTEN runs: a change made in between is not heard, so changes
      // are made until one is.
      const afterRestart = new Set<string>();
      await eventually(async () => {
        if (mine.events.some((e) => afterRestart.has(e.data.id))) return true;
        const [listening] = (await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [changeFeedApplicationName()])) as [{ n: number }];
        if (listening.n === 1) afterRestart.add(await newCampaign(harness.admin, 'After restart'));
        return undefined;
      }, 'an event after the reconnect', 15_000);
    } finally {
      await Promise.all([mine.close(), theirs.close()]);
    }

    // A browser's EventSource cannot send headers: it opens the stream with a one-minute ticket instead.
    const { ticket } = (await as(harness.viewer).post('/events/ticket').expect(200)).body as { ticket: string };
    const byTicket = open({ ticket });
    await new Promise((resolve) => setTimeout(resolve, 300));
    try {
      const campaignId = await newCampaign(harness.admin, 'Seen by ticket');
      await eventually(async () => (byTicket.events.some((e) => e.data.id === campaignId) ? true : undefined), 'an event on the ticket stream', 10_000);
    } finally {
      await byTicket.close();
    }
    await request(harness.app.getHttpServer()).get('/api/v1/campaigns').set('Authorization', `Bearer ${ticket}`).expect(401);
    await request(harness.app.getHttpServer()).get(`/api/v1/campaigns?ticket=${ticket}`).expect(401);
    await request(harness.app.getHttpServer()).get(`/api/v1/events?ticket=${harness.admin}`).expect(401);
    await request(harness.app.getHttpServer()).get('/api/v1/events?ticket=forged').expect(401);
  });

  it('publishes the OpenAPI document and checks PostgreSQL and Temporal for readiness', async () => {
    const document = (await request(harness.app.getHttpServer()).get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> };
    };
    expect(document.components.schemas.CreateCampaignDto).toMatchObject({
      properties: { name: { type: 'string' }, callSettings: {}, callingWindow: {} },
      required: ['name'],
    });
    for (const path of ['/api/v1/calls', '/api/v1/calls/{id}/conversation', '/api/v1/campaigns/{campaignId}/contacts/upload', '/api/v1/dashboard', '/api/v1/events', '/api/v1/api-keys']) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    await request(harness.app.getHttpServer()).get('/api/docs').expect(200);
    expect((await request(harness.app.getHttpServer()).get('/api/v1/health/ready').expect(200)).body).toMatchObject({
      status: 'ok',
      checks: [{ name: 'postgres', ok: true }, { name: 'temporal', ok: true }],
    });
  });
});

describe('the rate limit on routes that start calls', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startApiWithTenants(testConfig({ RATE_LIMIT_CALL_CONTROL_PER_MINUTE: '3' }));
  });

  afterAll(() => harness?.close());

  it('answers 429 past the limit, counted per organization, and leaves reads alone', async () => {
    const as = client(harness.app);
    const campaignId = ((await as(harness.admin).post('/campaigns', { name: 'Limited' }).expect(201)).body as { campaign: { id: string } }).campaign.id;
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await as(harness.admin).post('/calls/automated/pause', { campaignId })).status);
    expect(statuses).toEqual([409, 409, 409, 429, 429]);
    const limited = await as(harness.admin).post('/calls/automated/pause', { campaignId }).expect(429);
    expect(limited.body).toMatchObject({ success: false, statusCode: 429 });
    await as(harness.admin).get(`/campaigns/${campaignId}`).expect(200);
    await as(harness.otherAdmin).post('/calls/automated/pause', { campaignId }).expect(404);
  });

  it('limits password guessing per account, not the other accounts', async () => {
    const guess = (email: string) => request(harness.app.getHttpServer()).post('/api/v1/auth/login').send({ email, password: 'guess' });
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await guess('victim@test.local')).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    await guess('someone-else@test.local').expect(401);
  });

  it('reports not ready, naming Temporal, when Temporal cannot be reached', async () => {
    const unreachable = await startApiWithTenants(testConfig({ TEMPORAL_ADDRESS: '127.0.0.1:1' }));
    try {
      const ready = await request(unreachable.app.getHttpServer()).get('/api/v1/health/ready').expect(503);
      expect(ready.body).toMatchObject({ success: false, status: 'unavailable', checks: [{ name: 'postgres', ok: true }, { name: 'temporal', ok: false }] });
      await request(unreachable.app.getHttpServer()).get('/api/v1/campaigns').set('Authorization', `Bearer ${unreachable.admin}`).expect(200);
    } finally {
      await unreachable.close();
    }
  });
});

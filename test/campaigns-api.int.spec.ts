import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { startApiWithTenants } from './support/dialer-harness';
import { testConfig } from './support/test-env';

describe('the campaigns API', () => {
  let db: DataSource;
  let app: INestApplication;
  let admin: string;
  let otherAdmin: string;
  let viewer: string;
  let campaignId: string;

  let harness: Awaited<ReturnType<typeof startApiWithTenants>>;

  beforeAll(async () => {
    harness = await startApiWithTenants(testConfig());
    ({ db, app, admin, otherAdmin, viewer } = harness);
    const created = await request(app.getHttpServer())
      .post('/api/v1/campaigns')
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: 'Spring', callSettings: { maxConcurrentCalls: 3, retryAttempts: 1 } })
      .expect(201);
    campaignId = (created.body as { campaign: { id: string } }).campaign.id;
    await request(app.getHttpServer())
      .post(`/api/v1/campaigns/${campaignId}/contacts`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ contacts: [{ phone: '+12025550110' }] })
      .expect(201);
  });

  afterAll(() => harness?.close());

  const call = (token: string, method: 'get' | 'post' | 'patch', path: string, body?: object) =>
    request(app.getHttpServer())[method](`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body);

  it('updates a stopped campaign, merging call settings field by field', async () => {
    const updated = await call(admin, 'patch', `/campaigns/${campaignId}`, {
      name: 'Spring offer',
      callSettings: { callIntervalMs: 5000, retryPolicy: { voicemail: { retry: true, delayMinutes: 60 } } },
      callingWindow: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    }).expect(200);
    expect((updated.body as { campaign: unknown }).campaign).toMatchObject({
      name: 'Spring offer',
      callSettings: { maxConcurrentCalls: 3, retryAttempts: 1, callIntervalMs: 5000, retryPolicy: { voicemail: { retry: true, delayMinutes: 60 } } },
      callingWindow: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    });
  });

  it('rejects read-only, unknown and invalid fields, naming them', async () => {
    const readOnly = await call(admin, 'patch', `/campaigns/${campaignId}`, { status: 'completed' }).expect(400);
    expect(JSON.stringify(readOnly.body)).toContain('status');
    const invalid = await call(admin, 'patch', `/campaigns/${campaignId}`, { callSettings: { maxConcurrentCalls: 0 } }).expect(400);
    expect(JSON.stringify(invalid.body)).toContain('maxConcurrentCalls');
    const window = await call(admin, 'patch', `/campaigns/${campaignId}`, { callingWindow: { start: '25:00', end: '17:00', days: [7] } }).expect(400);
    expect(JSON.stringify(window.body)).toMatch(/start|days/);
  });

  it("answers another organization's ids with 404 on every route, and keeps viewers to reading", async () => {
    await call(otherAdmin, 'get', `/campaigns/${campaignId}`).expect(404);
    await call(otherAdmin, 'patch', `/campaigns/${campaignId}`, { name: 'taken' }).expect(404);
    await call(otherAdmin, 'post', `/campaigns/${campaignId}/contacts`, { contacts: [{ phone: '+12025550111' }] }).expect(404);
    await call(otherAdmin, 'post', '/calls/automated/start', { campaignId }).expect(404);
    await call(otherAdmin, 'post', '/calls/automated/pause', { campaignId }).expect(404);
    await call(otherAdmin, 'get', `/calls/queue/status/${campaignId}`).expect(404);
    await call(viewer, 'post', '/calls/automated/start', { campaignId }).expect(403);
    await call(viewer, 'patch', `/campaigns/${campaignId}`, { name: 'nope' }).expect(403);
    const [row] = (await db.query('SELECT name FROM campaigns WHERE id = $1', [campaignId])) as { name: string }[];
    expect(row?.name).toBe('Spring offer');
  });

  it('keeps scripts per organization and attaches only its own to a campaign', async () => {
    const created = await call(admin, 'post', '/scripts', {
      name: 'Offer',
      mainPitch: 'We help {company} grow.',
      objectionHandling: { price: 'Plans start small.' },
    }).expect(201);
    const scriptId = (created.body as { script: { id: string } }).script.id;
    await call(admin, 'patch', `/scripts/${scriptId}`, { closing: 'Thanks, {first_name}!' }).expect(200);
    expect((await call(admin, 'get', `/scripts/${scriptId}`).expect(200)).body).toMatchObject({
      script: { name: 'Offer', closing: 'Thanks, {first_name}!', objectionHandling: { price: 'Plans start small.' } },
    });
    const badObjection = await call(admin, 'post', '/scripts', { name: 'x', mainPitch: 'y', objectionHandling: { price: 3 } }).expect(400);
    expect(JSON.stringify(badObjection.body)).toContain('objectionHandling.price');

    await call(otherAdmin, 'get', `/scripts/${scriptId}`).expect(404);
    await call(otherAdmin, 'patch', `/scripts/${scriptId}`, { name: 'taken' }).expect(404);
    await call(viewer, 'post', '/scripts', { name: 'v', mainPitch: 'v' }).expect(403);
    const foreign = await call(otherAdmin, 'post', '/scripts', { name: 'Theirs', mainPitch: 'Hi' }).expect(201);
    await call(admin, 'patch', `/campaigns/${campaignId}`, { scriptId: (foreign.body as { script: { id: string } }).script.id }).expect(404);
    const attached = await call(admin, 'patch', `/campaigns/${campaignId}`, { scriptId }).expect(200);
    expect((attached.body as { campaign: { scriptId: string } }).campaign.scriptId).toBe(scriptId);
    const inUse = await request(app.getHttpServer()).delete(`/api/v1/scripts/${scriptId}`).set('Authorization', `Bearer ${admin}`).expect(409);
    expect((inUse.body as { message: string }).message).toContain('Spring offer');
    await db.query(`UPDATE campaigns SET status = 'completed' WHERE id = $1`, [campaignId]);
    await request(app.getHttpServer()).delete(`/api/v1/scripts/${scriptId}`).set('Authorization', `Bearer ${admin}`).expect(204);
    expect((await call(admin, 'get', `/campaigns/${campaignId}`).expect(200)).body).toMatchObject({ campaign: { scriptId: null } });
    await db.query(`UPDATE campaigns SET status = 'active' WHERE id = $1`, [campaignId]);
  });

  it('exports calls as CSV with formula cells neutralised, filtered by date and organization', async () => {
    await db.query(`UPDATE contacts SET first_name = '=cmd|calc', last_name = '' WHERE campaign_id = $1`, [campaignId]);
    await db.query(
      `INSERT INTO calls (organization_id, campaign_id, contact_id, attempt, workflow_id, channel_id, status, outcome, transcript)
       SELECT organization_id, campaign_id, id, 1, 'wf-export', 'ch-export-' || id, 'completed', 'interested', '@SUM(1), then more'
         FROM contacts WHERE campaign_id = $1`,
      [campaignId],
    );
    const csv = await call(admin, 'get', `/calls/export?campaign_id=${campaignId}`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('id,createdAt,campaignId,contactName,phone,attempt,status,outcome,duration,emotion,intentScore,csatScore,cost,llmPromptTokens,llmCompletionTokens,hangupCauseText,transcript');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",'=cmd|calc,'+12025550110,");
    expect(lines[1]).toMatch(/,"'@SUM\(1\), then more"$/);

    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await call(admin, 'get', `/calls?campaign_id=${campaignId}&from=${future}`).expect(200)).body).toMatchObject({ calls: [] });
    expect(((await call(admin, 'get', `/calls?campaign_id=${campaignId}&to=${future}`).expect(200)).body as { calls: unknown[] }).calls).toHaveLength(1);
    const badDate = await call(admin, 'get', '/calls?from=yesterday').expect(400);
    expect(JSON.stringify(badDate.body)).toContain('from');
    expect((await call(otherAdmin, 'get', `/calls/export?campaign_id=${campaignId}`).expect(200)).text.trim().split('\r\n')).toHaveLength(1);
  });
});

import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { startApi, login } from './support/api-app';
import { createTenant, testConfig, testDatabase } from './support/test-env';

describe('the campaigns API', () => {
  let db: DataSource;
  let app: INestApplication;
  let admin: string;
  let otherAdmin: string;
  let viewer: string;
  let campaignId: string;

  beforeAll(async () => {
    db = await testDatabase();
    app = await startApi(testConfig());
    const tenant = await createTenant(db);
    admin = await login(app, tenant.email, tenant.password);
    const other = await createTenant(db);
    otherAdmin = await login(app, other.email, other.password);
    const viewerUser = await createTenant(db, 'viewer');
    viewer = await login(app, viewerUser.email, viewerUser.password);
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

  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

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
});

import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createOrganization } from '../libs/db/src/create-organization';
import { login } from './support/api-app';
import { startApiWithTenants } from './support/dialer-harness';
import { testConfig } from './support/test-env';

describe('users and passwords', () => {
  let harness: Awaited<ReturnType<typeof startApiWithTenants>>;
  let app: INestApplication;
  let db: DataSource;

  const as = (token: string) => {
    const auth = { Authorization: `Bearer ${token}` };
    return {
      get: (path: string) => request(app.getHttpServer()).get(`/api/v1${path}`).set(auth),
      post: (path: string, body: object) => request(app.getHttpServer()).post(`/api/v1${path}`).set(auth).send(body),
      patch: (path: string, body: object) => request(app.getHttpServer()).patch(`/api/v1${path}`).set(auth).send(body),
      delete: (path: string) => request(app.getHttpServer()).delete(`/api/v1${path}`).set(auth),
    };
  };

  beforeAll(async () => {
    harness = await startApiWithTenants(testConfig());
    ({ app, db } = harness);
  });

  afterAll(() => harness?.close());

  it('lets an admin add, promote and remove users, effective on their very next request', async () => {
    const email = `Agent-${Date.now()}@Test.local`;
    const created = await as(harness.admin).post('/users', { email, password: 'long enough password', role: 'viewer' }).expect(201);
    const userId = (created.body as { user: { id: string; email: string } }).user.id;
    expect(JSON.stringify(created.body)).not.toMatch(/password/i);
    const token = await login(app, email.toLowerCase(), 'long enough password');
    await as(token).post('/api-keys', { name: 'x', role: 'viewer' }).expect(403);

    await as(harness.admin).patch(`/users/${userId}`, { role: 'admin' }).expect(200);
    await as(token).post('/api-keys', { name: 'x', role: 'viewer' }).expect(201);
    await as(harness.admin).delete(`/users/${userId}`).expect(204);
    expect((await as(token).get('/campaigns').expect(401)).body).toMatchObject({ message: 'The user of this token no longer exists' });

    await as(harness.admin).post('/users', { email, password: 'long enough password', role: 'viewer' }).expect(201);
    expect(((await as(harness.admin).post('/users', { email, password: 'long enough password', role: 'viewer' }).expect(409)).body as { message: string }).message).toContain('email');
    expect(JSON.stringify((await as(harness.admin).post('/users', { email: 'short@test.local', password: 'short', role: 'viewer' }).expect(400)).body)).toContain('password');
  });

  it('keeps the last admin, and keeps users to their own organization', async () => {
    const me = (await as(harness.admin).get('/auth/me').expect(200)).body as { principal: { userId: string } };
    expect(((await as(harness.admin).delete(`/users/${me.principal.userId}`).expect(409)).body as { message: string }).message).toContain('at least one admin');
    await as(harness.admin).patch(`/users/${me.principal.userId}`, { role: 'viewer' }).expect(409);
    await as(harness.otherAdmin).get('/users').expect(200).then((r) => expect(JSON.stringify(r.body)).not.toContain(me.principal.userId));
    await as(harness.otherAdmin).patch(`/users/${me.principal.userId}`, { role: 'viewer' }).expect(404);
    await as(harness.otherAdmin).delete(`/users/${me.principal.userId}`).expect(404);
    await as(harness.viewer).get('/users').expect(403);
  });

  it('changes a password only with the current one', async () => {
    const email = `pw-${Date.now()}@test.local`;
    await as(harness.admin).post('/users', { email, password: 'first password here', role: 'viewer' }).expect(201);
    const token = await login(app, email, 'first password here');
    expect(JSON.stringify((await as(token).post('/auth/password', { currentPassword: 'wrong', newPassword: 'second password here' }).expect(400)).body)).toContain('currentPassword');
    await as(token).post('/auth/password', { currentPassword: 'first password here', newPassword: 'second password here' }).expect(204);
    await request(app.getHttpServer()).post('/api/v1/auth/login').send({ email, password: 'first password here' }).expect(401);
    await login(app, email, 'second password here');
    const key = ((await as(harness.admin).post('/api-keys', { name: 'k', role: 'admin' }).expect(201)).body as { key: string }).key;
    await request(app.getHttpServer()).post('/api/v1/auth/password').set('X-API-Key', key).send({ currentPassword: 'x', newPassword: 'second password here' }).expect(403);
  });

  it('creates an organization and its first admin from the command line', async () => {
    const email = `founder-${Date.now()}@test.local`;
    const created = await createOrganization(db, 'Acme Calls', email, 'founder password 1');
    const token = await login(app, email, 'founder password 1');
    expect((await as(token).get('/auth/me').expect(200)).body).toMatchObject({ principal: { organizationId: created.organizationId, role: 'admin' } });
    await expect(createOrganization(db, 'Again', email.toUpperCase(), 'founder password 1')).rejects.toThrow('already a user');
  });
});

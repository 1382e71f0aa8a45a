import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { startApiWithTenants } from './support/dialer-harness';
import { testConfig } from './support/test-env';

describe('the do-not-call API', () => {
  let db: DataSource;
  let app: INestApplication;
  let admin: string;
  let otherAdmin: string;
  let viewer: string;

  let harness: Awaited<ReturnType<typeof startApiWithTenants>>;

  beforeAll(async () => {
    harness = await startApiWithTenants(testConfig());
    ({ db, app, admin, otherAdmin, viewer } = harness);
  });

  afterAll(() => harness?.close());

  const as = (token: string) => ({
    get: (path: string) => request(app.getHttpServer()).get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) => request(app.getHttpServer()).post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
    delete: (path: string) => request(app.getHttpServer()).delete(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
  });

  it('adds a number once, normalised to E.164', async () => {
    const first = await as(admin).post('/dnc', { phone: '(202) 555-0188', reason: 'asked by email' }).expect(201);
    expect(first.body).toMatchObject({ created: true, entry: { phone: '+12025550188', reason: 'asked by email' } });
    const again = await as(admin).post('/dnc', { phone: '+1 202 555 0188' }).expect(201);
    expect(again.body).toMatchObject({ created: false, entry: { id: (first.body as { entry: { id: string } }).entry.id } });
  });

  it('names the bad field of an invalid request', async () => {
    const invalid = await as(admin).post('/dnc', { phone: '12' }).expect(400);
    expect(JSON.stringify(invalid.body)).toContain('phone');
    const unknown = await as(admin).post('/dnc', { phone: '+12025550189', organizationId: 'x' }).expect(400);
    expect(JSON.stringify(unknown.body)).toContain('organizationId');
  });

  it('imports a bulk list, keeping every good number and reporting each bad one', async () => {
    const result = await as(admin).post('/dnc/bulk', { phones: ['+12025550190', 'not a number', '202-555-0191', '+12025550190'] }).expect(200);
    expect(result.body).toMatchObject({ added: 2, duplicates: 1, errors: [{ field: 'phones.1', value: 'not a number' }] });
  });

  it('keeps each organization to its own list', async () => {
    const listed = await as(admin).get('/dnc').expect(200);
    const entries = (listed.body as { entries: { id: string; phone: string }[] }).entries;
    expect(entries.map((e) => e.phone).sort()).toEqual(['+12025550188', '+12025550190', '+12025550191']);
    expect((await as(otherAdmin).get('/dnc').expect(200)).body).toMatchObject({ entries: [] });
    await as(otherAdmin).delete(`/dnc/${entries[0]!.id}`).expect(404);
    await as(viewer).post('/dnc', { phone: '+12025550192' }).expect(403);
    await as(admin).delete(`/dnc/${entries[0]!.id}`).expect(204);
    await as(admin).delete(`/dnc/${entries[0]!.id}`).expect(404);
  });

  it('takes a CSV upload, listing every valid number and reporting each bad line', async () => {
    const csv = 'Phone Number,Reason\n(202) 555-0193,asked on call\nnope,\n+12025550193,again\n,empty\n202 555 0194\n';
    const response = await request(app.getHttpServer())
      .post('/api/v1/dnc/upload')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(200);
    expect((response.body as { report: unknown }).report).toEqual({
      rows: 5,
      added: 2,
      duplicates: 1,
      invalidRows: 2,
      problems: [
        { line: 3, field: 'phone', reason: '"nope" is not a valid phone number' },
        { line: 5, field: 'phone', reason: 'is required' },
      ],
      problemsTruncated: false,
      encoding: 'utf-8',
    });
    const [row] = (await db.query(`SELECT reason, source FROM dnc_entries WHERE phone = '+12025550193' AND organization_id = $1`, [harness.organizationId])) as {
      reason: string;
      source: string;
    }[];
    expect(row).toEqual({ reason: 'asked on call', source: 'upload' });
    const noPhone = await request(app.getHttpServer()).post('/api/v1/dnc/upload').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send('number\n1\n').expect(400);
    expect((noPhone.body as { message: string }).message).toMatch(/^file: /);
    await request(app.getHttpServer()).post('/api/v1/dnc/upload').set('Authorization', `Bearer ${viewer}`).set('Content-Type', 'text/csv').send(csv).expect(403);
    expect((await as(otherAdmin).get('/dnc').expect(200)).body).toMatchObject({ entries: [] });
  });
});

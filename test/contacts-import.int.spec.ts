import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { login, startApi } from './support/api-app';
import { createTenant, testConfig, testDatabase } from './support/test-env';

interface Report {
  rows: number;
  imported: number;
  invalidRows: number;
  problems: { line: number; field: string; reason: string }[];
  encoding: string;
}

/** Files that once lost rows or text: a NUL byte, a row breaking two parser rules, a Latin-1 file. */
describe('the CSV import of awkward files', () => {
  let db: DataSource;
  let app: INestApplication;
  let admin: string;
  let organizationId: string;

  const upload = (path: string, body: Buffer) =>
    request(app.getHttpServer()).post(`/api/v1${path}`).set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(body).expect(200);

  const importInto = async (body: Buffer) => {
    const created = await request(app.getHttpServer()).post('/api/v1/campaigns').set('Authorization', `Bearer ${admin}`).send({ name: 'Import' }).expect(201);
    const campaignId = (created.body as { campaign: { id: string } }).campaign.id;
    const report = ((await upload(`/campaigns/${campaignId}/contacts/upload`, body)).body as { report: Report }).report;
    const contacts = (await db.query('SELECT phone, first_name, last_name FROM contacts WHERE campaign_id = $1 AND organization_id = $2 ORDER BY phone', [
      campaignId,
      organizationId,
    ])) as { phone: string; first_name: string; last_name: string }[];
    return { report, contacts };
  };

  beforeAll(async () => {
    db = await testDatabase();
    app = await startApi(testConfig());
    const tenant = await createTenant(db);
    organizationId = tenant.organizationId;
    admin = await login(app, tenant.email, tenant.password);
  });

  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('keeps the good rows of a file with a NUL byte and reports that row once, with its line', async () => {
    const { report, contacts } = await importInto(Buffer.from('first_name,phone\nAnn,+12025550401\nB\0b,+12025550402\nCy,+12025550403\n'));
    expect(report).toMatchObject({ rows: 3, imported: 2, invalidRows: 1, encoding: 'utf-8' });
    expect(report.problems).toEqual([{ line: 3, field: 'row', reason: 'has a NUL byte (0x00), which cannot be stored' }]);
    expect(contacts.map((c) => c.first_name)).toEqual(['Ann', 'Cy']);
  });

  it('reports a row that breaks two parser rules once, and imports the rows after it', async () => {
    const csv = `first_name,phone\nAnn,+12025550411\nB"b${'x'.repeat(70_000)},+12025550412\nCy,+12025550413\nD"d,E"e,+12025550414\nFi,+12025550415\n`;
    const { report, contacts } = await importInto(Buffer.from(csv));
    expect(report).toMatchObject({ rows: 5, imported: 3, invalidRows: 2 });
    expect(report.problems.map((p) => [p.line, p.field])).toEqual([
      [3, 'row'],
      [5, 'row'],
    ]);
    expect(report.problems[0]?.reason).toBe('is longer than 65536 bytes');
    expect(report.problems[1]?.reason).toMatch(/quote/i);
    expect(contacts.map((c) => c.phone)).toEqual(['+12025550411', '+12025550413', '+12025550415']);
  });

  it('reads a Latin-1 file as Windows-1252, stores its names intact and says so', async () => {
    const csv = 'first_name,last_name,phone\nJosé,Müller,+12025550421\nFrançois,O\x92Brien,+12025550422\n';
    const { report, contacts } = await importInto(Buffer.from(csv, 'latin1'));
    expect(report).toMatchObject({ rows: 2, imported: 2, invalidRows: 0, problems: [], encoding: 'windows-1252' });
    expect(contacts.map((c) => `${c.first_name} ${c.last_name}`)).toEqual(['José Müller', 'François O’Brien']);
  });

  it('reads DNC uploads the same way', async () => {
    const csv = Buffer.from('phone,reason\n+12025550431,demandé\n+12025550432,x\0y\n', 'latin1');
    const report = ((await upload('/dnc/upload', csv)).body as { report: Report & { added: number } }).report;
    expect(report).toMatchObject({ rows: 2, added: 1, invalidRows: 1, encoding: 'windows-1252', problems: [{ line: 3, field: 'row' }] });
    const rows = (await db.query('SELECT phone, reason FROM dnc_entries WHERE organization_id = $1', [organizationId])) as { phone: string; reason: string }[];
    expect(rows).toEqual([{ phone: '+12025550431', reason: 'demandé' }]);
  });
});

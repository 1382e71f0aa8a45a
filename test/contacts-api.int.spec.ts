import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { startApiWithTenants } from './support/dialer-harness';
import { testConfig } from './support/test-env';

interface Report {
  rows: number;
  imported: number;
  duplicatesInFile: number;
  duplicatesInCampaign: number;
  onDncList: number;
  invalidRows: number;
  problems: { line: number; field: string; reason: string }[];
}

describe('the contacts API', () => {
  let db: DataSource;
  let app: INestApplication;
  let admin: string;
  let otherAdmin: string;
  let viewer: string;
  let campaignId: string;
  let harness: Awaited<ReturnType<typeof startApiWithTenants>>;

  const as = (token: string) => {
    const server = () => request(app.getHttpServer());
    const auth = { Authorization: `Bearer ${token}` };
    return {
      get: (path: string) => server().get(`/api/v1${path}`).set(auth),
      post: (path: string, body?: object) => server().post(`/api/v1${path}`).set(auth).send(body),
      patch: (path: string, body: object) => server().patch(`/api/v1${path}`).set(auth).send(body),
      delete: (path: string) => server().delete(`/api/v1${path}`).set(auth),
      csv: (path: string, text: string) => server().post(`/api/v1${path}`).set(auth).set('Content-Type', 'text/csv').send(text),
    };
  };

  const newCampaign = async (name: string) =>
    ((await as(admin).post('/campaigns', { name }).expect(201)).body as { campaign: { id: string } }).campaign.id;

  const phonesOf = async (campaign: string) =>
    ((await db.query('SELECT phone FROM contacts WHERE campaign_id = $1 ORDER BY phone', [campaign])) as { phone: string }[]).map((r) => r.phone);

  beforeAll(async () => {
    harness = await startApiWithTenants(testConfig());
    ({ db, app, admin, otherAdmin, viewer } = harness);
    campaignId = await newCampaign('Uploads');
  });

  afterAll(() => harness?.close());

  it('imports exactly the good rows of a mixed CSV and reports each bad line', async () => {
    await as(admin).post(`/campaigns/${campaignId}/contacts`, { contacts: [{ phone: '+12025550134' }] }).expect(201);
    await as(admin).post('/dnc', { phone: '+12025550132' }).expect(201);
    const csv = [
      'first_name,last_name,phone,email,company,plan',
      'Ann,Lee,(202) 555-0130,ann@example.com,Acme,gold',
      'Bob,Ray,,bob@example.com,Acme,',
      'Cy,Dee,12,cy@example.com,Acme,',
      'Di,Eve,+1 202 555 0131,not-an-email,Acme,',
      'Ed,Fox,202-555-0132,ed@example.com,"Acme, Inc",silver',
      'Ann,Lee,+12025550130,ann@example.com,Acme,gold',
      'Fi,Gu,+12025550133,fi@example.com,Acme,x,extra',
      'Gil,Ho,+12025550134,gil@example.com,Acme,',
      '',
    ].join('\r\n');
    const response = await as(admin).csv(`/campaigns/${campaignId}/contacts/upload`, csv).expect(200);
    const report = (response.body as { report: Report }).report;
    expect(report).toMatchObject({ rows: 8, imported: 2, duplicatesInFile: 1, duplicatesInCampaign: 1, onDncList: 1, invalidRows: 4 });
    expect(report.problems).toEqual([
      { line: 3, field: 'phone', reason: 'is required' },
      { line: 4, field: 'phone', reason: '"12" is not a valid phone number' },
      { line: 5, field: 'email', reason: 'is not a valid email address' },
      { line: 8, field: 'row', reason: 'has 7 fields; the header has 6' },
    ]);
    expect(await phonesOf(campaignId)).toEqual(['+12025550130', '+12025550132', '+12025550134']);
    const [ann] = (await db.query(`SELECT first_name, company, custom_fields FROM contacts WHERE phone = '+12025550130' AND campaign_id = $1`, [campaignId])) as {
      first_name: string;
      company: string;
      custom_fields: Record<string, string>;
    }[];
    expect(ann).toEqual({ first_name: 'Ann', company: 'Acme', custom_fields: { plan: 'gold' } });
    const [ed] = (await db.query(`SELECT company FROM contacts WHERE phone = '+12025550132' AND campaign_id = $1`, [campaignId])) as { company: string }[];
    expect(ed?.company).toBe('Acme, Inc');
  });

  it('takes a multipart form upload, keeps rows before a broken quote, and refuses a file without a phone column', async () => {
    const campaign = await newCampaign('Multipart');
    const csv = 'Phone,First Name,Time Zone\n+12025550140,Hal,America/Chicago\n+12025550141,Ivy,Mars/Olympus\n+12025550142,"Jo\n';
    const response = await request(app.getHttpServer())
      .post(`/api/v1/campaigns/${campaign}/contacts/upload`)
      .set('Authorization', `Bearer ${admin}`)
      .attach('file', Buffer.from(csv), 'contacts.csv')
      .expect(200);
    const report = (response.body as { report: Report }).report;
    expect(report).toMatchObject({ rows: 3, imported: 1, invalidRows: 2 });
    expect(report.problems.map((p) => [p.line, p.field])).toEqual([
      [3, 'timezone'],
      [4, 'row'],
    ]);
    expect(report.problems[1]?.reason).toMatch(/quote/i);
    const [hal] = (await db.query('SELECT first_name, timezone, timezone_source FROM contacts WHERE campaign_id = $1', [campaign])) as object[];
    expect(hal).toEqual({ first_name: 'Hal', timezone: 'America/Chicago', timezone_source: 'contact' });

    const noPhone = await as(admin).csv(`/campaigns/${campaign}/contacts/upload`, 'name,email\nx,y@z.com\n').expect(400);
    expect(noPhone.body).toMatchObject({ success: false, statusCode: 400 });
    expect((noPhone.body as { message: string }).message).toMatch(/^file: the header has no phone column/);
    await as(admin).csv(`/campaigns/${campaign}/contacts/upload`, '').expect(400);
    await as(admin).post(`/campaigns/${campaign}/contacts/upload`, { phone: '+12025550143' }).expect(415);
    expect(await phonesOf(campaign)).toEqual(['+12025550140']);
  });

  it('lists with filters and pages, updates and deletes, and keeps a contact that has call records', async () => {
    const campaign = await newCampaign('Listing');
    const rows = Array.from({ length: 12 }, (_, i) => `Name${i},Smith,+1202555${String(200 + i).padStart(4, '0')}`);
    await as(admin).csv(`/campaigns/${campaign}/contacts/upload`, ['first_name,last_name,phone', ...rows].join('\n')).expect(200);
    const pages: { id: string; firstName: string }[][] = [];
    for (const offset of [0, 5, 10]) {
      const page = await as(admin).get(`/contacts?campaign_id=${campaign}&limit=5&offset=${offset}`).expect(200);
      expect(page.body).toMatchObject({ total: 12, limit: 5, offset });
      pages.push((page.body as { contacts: { id: string; firstName: string }[] }).contacts);
    }
    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
    expect(new Set(pages.flat().map((c) => c.firstName))).toEqual(new Set(rows.map((row) => row.split(',')[0])));
    const search = await as(admin).get(`/contacts?campaign_id=${campaign}&q=name1`).expect(200);
    expect((search.body as { total: number }).total).toBe(3);
    expect((await as(admin).get(`/contacts?campaign_id=${campaign}&status=contacted`).expect(200)).body).toMatchObject({ total: 0 });
    expect(JSON.stringify((await as(admin).get('/contacts?status=sleeping').expect(400)).body)).toContain('status');

    const [first, second] = pages[2] as [{ id: string; firstName: string }, { id: string }];
    const updated = await as(admin).patch(`/contacts/${first.id}`, { phone: '(202) 555-0299', customFields: { tier: 'b' } }).expect(200);
    expect(updated.body).toMatchObject({ contact: { phone: '+12025550299', customFields: { tier: 'b' }, firstName: first.firstName } });
    await as(admin).patch(`/contacts/${second.id}`, { phone: '+12025550299' }).expect(409);
    expect(JSON.stringify((await as(admin).patch(`/contacts/${first.id}`, { status: 'contacted' }).expect(400)).body)).toContain('status');
    expect(JSON.stringify((await as(admin).patch(`/contacts/${first.id}`, { timezone: 'Nowhere/City' }).expect(400)).body)).toContain('timezone');

    await as(admin).delete(`/contacts/${first.id}`).expect(204);
    await as(admin).get(`/contacts/${first.id}`).expect(404);
    await db.query(
      `INSERT INTO calls (organization_id, campaign_id, contact_id, attempt, workflow_id, channel_id, status)
       SELECT organization_id, campaign_id, id, 1, 'wf-keep', 'ch-keep-' || id, 'completed' FROM contacts WHERE id = $1`,
      [second.id],
    );
    const kept = await as(admin).delete(`/contacts/${second.id}`).expect(409);
    expect((kept.body as { message: string }).message).toContain('DNC');
    await as(admin).get(`/contacts/${second.id}`).expect(200);

    const single = await as(admin).post('/contacts', { campaignId: campaign, phone: '202 555 0298', firstName: 'Solo' }).expect(201);
    expect(single.body).toMatchObject({ contact: { phone: '+12025550298', firstName: 'Solo', status: 'new' } });
    await as(admin).post('/contacts', { campaignId: campaign, phone: '+12025550298' }).expect(409);
  });

  it("answers another organization's contact and campaign ids with 404, and keeps viewers to reading", async () => {
    const [{ id }] = (await db.query('SELECT id FROM contacts WHERE campaign_id = $1 LIMIT 1', [campaignId])) as [{ id: string }];
    await as(otherAdmin).get(`/contacts/${id}`).expect(404);
    await as(otherAdmin).patch(`/contacts/${id}`, { firstName: 'taken' }).expect(404);
    await as(otherAdmin).delete(`/contacts/${id}`).expect(404);
    await as(otherAdmin).csv(`/campaigns/${campaignId}/contacts/upload`, 'phone\n+12025550150\n').expect(404);
    await as(otherAdmin).post('/contacts', { campaignId, phone: '+12025550150' }).expect(404);
    expect((await as(otherAdmin).get(`/contacts?campaign_id=${campaignId}`).expect(200)).body).toMatchObject({ total: 0, contacts: [] });

    await as(viewer).get(`/contacts/${id}`).expect(200);
    await as(viewer).patch(`/contacts/${id}`, { firstName: 'nope' }).expect(403);
    await as(viewer).delete(`/contacts/${id}`).expect(403);
    await as(viewer).csv(`/campaigns/${campaignId}/contacts/upload`, 'phone\n+12025550150\n').expect(403);
    expect(await phonesOf(campaignId)).not.toContain('+12025550150');
  });
});

/**
 * GET /calls benchmark: the call history endpoint over 1,000,000 call rows of one organization (five
 * campaigns, 90 days, a second organization's rows beside them), through HTTP as a console calls it,
 * and the aggregates over the same rows (campaign performance, dashboard). Prints p50 and p95 per request. The rows are seeded once into the bench database and reused.
 *
 *   npm run build && node dist/bench/calls-query.js [rows=1000000] [samples=60]
 */
import { benchDatabase, percentile, startBenchApi } from './support/bench-api';

const OUTCOMES = ['interested', 'callback', 'not_interested', 'voicemail', 'no_answer', 'busy', 'failed', 'hung_up', 'no_decision'];
const EMOTIONS = ['positive', 'neutral', 'negative'];

type Db = Awaited<ReturnType<typeof benchDatabase>>;

async function firstCampaign(db: Db, organizationId: string): Promise<{ organizationId: string; campaignId: string }> {
  const [campaign] = (await db.query('SELECT id FROM campaigns WHERE organization_id = $1 ORDER BY name LIMIT 1', [organizationId])) as { id: string }[];
  return { organizationId, campaignId: campaign!.id };
}

async function seed(db: Db, rows: number): Promise<{ organizationId: string; campaignId: string }> {
  const name = `calls-query-${rows}`;
  const [existing] = (await db.query(`SELECT id FROM organizations WHERE name = $1`, [name])) as { id: string }[];
  if (existing) return firstCampaign(db, existing.id);
  const started = Date.now();
  // Named only once complete, so an interrupted seed is never mistaken for a finished one.
  const [org] = (await db.query(`INSERT INTO organizations (name) VALUES ($1) RETURNING id`, [`${name}-seeding`])) as { id: string }[];
  const [neighbour] = (await db.query(`INSERT INTO organizations (name) VALUES ($1) RETURNING id`, [`${name}-neighbour`])) as { id: string }[];
  for (const [organizationId, count] of [[org!.id, rows], [neighbour!.id, Math.floor(rows / 5)]] as const) {
    const campaigns = (await db.query(
      `INSERT INTO campaigns (organization_id, name) SELECT $1, 'Bench ' || i FROM generate_series(1, 5) i RETURNING id`,
      [organizationId],
    )) as { id: string }[];
    const contactsPerCampaign = Math.ceil(count / 5 / 5);
    for (const campaign of campaigns) {
      await db.query(
        `INSERT INTO contacts (organization_id, campaign_id, first_name, last_name, phone, status)
         SELECT $1, $2, 'First' || i, 'Last' || i, '+1202' || lpad(i::text, 7, '0'), 'contacted' FROM generate_series(1, $3) i`,
        [organizationId, campaign.id, contactsPerCampaign],
      );
      // Five attempts per contact, spread over the last 90 days.
      await db.query(
        `INSERT INTO calls (organization_id, campaign_id, contact_id, attempt, workflow_id, channel_id, status, outcome, emotion,
                            duration, csat_score, transcript, created_at)
         SELECT ct.organization_id, ct.campaign_id, ct.id, a, 'wf-' || ct.id || '-' || a, 'bench-' || ct.id || '-' || a,
                CASE WHEN random() < 0.02 THEN 'failed' ELSE 'completed' END,
                ($3::text[])[1 + floor(random() * 10)::int], ($4::text[])[1 + floor(random() * 3)::int],
                floor(random() * 300)::int, 1 + floor(random() * 5)::int, 'Customer: hello\nAI: Hi!',
                now() - random() * interval '90 days'
           FROM contacts ct, generate_series(1, 5) a
          WHERE ct.campaign_id = $1 LIMIT $2`,
        [campaign.id, Math.ceil(count / 5), OUTCOMES, EMOTIONS],
      );
    }
  }
  await db.query('ANALYZE calls; ANALYZE contacts');
  await db.query('UPDATE organizations SET name = $1 WHERE id = $2', [name, org!.id]);
  console.log(`seeded ${rows} + ${Math.floor(rows / 5)} neighbour call rows in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return firstCampaign(db, org!.id);
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const samples = Number(process.argv[3] ?? 60);
  const db = await benchDatabase();
  const { organizationId, campaignId } = await seed(db, rows);
  const api = await startBenchApi(db, organizationId);
  const get = async (path: string) => {
    const started = performance.now();
    const response = await fetch(`${api.baseUrl}${path}`, { headers: { Authorization: `Bearer ${api.token}` } });
    const body = (await response.json()) as { calls?: unknown[]; nextCursor?: string | null };
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - started, body };
  };
  const week = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const deepCursor = await (async () => {
    let cursor: string | null = null;
    for (let page = 0; page < 200; page++) cursor = (await get(`/calls?limit=50${cursor ? `&cursor=${cursor}` : ''}`)).body.nextCursor ?? null;
    return cursor;
  })();
  const scenarios: [string, string][] = [
    ['newest 50', '/calls?limit=50'],
    ['campaign', `/calls?campaign_id=${campaignId}&limit=50`],
    ['outcome', '/calls?outcome=interested&limit=50'],
    ['status (rare)', '/calls?status=failed&limit=50'],
    ['emotion', '/calls?emotion=negative&limit=50'],
    ['campaign+outcome+7 days', `/calls?campaign_id=${campaignId}&outcome=interested&from=${week}&limit=50`],
    ['offset 10,000', '/calls?limit=50&offset=10000'],
    ['cursor, page 201', `/calls?limit=50&cursor=${deepCursor}`],
    ['campaign, 500 rows', `/calls?campaign_id=${campaignId}&limit=500`],
    ['performance of a campaign (all its calls)', `/campaigns/${campaignId}/performance`],
    ['performance of a campaign, last 7 days', `/campaigns/${campaignId}/performance?from=${week}`],
    ['dashboard (today)', '/dashboard'],
  ];
  console.log(`\nReads over ${rows.toLocaleString('en-US')} call rows of one organization, ${samples} samples each\n`);
  console.log('| request | p50 ms | p95 ms | rows |');
  console.log('|---|---|---|---|');
  for (const [name, path] of scenarios) {
    for (let i = 0; i < 5; i++) await get(path);
    const times: number[] = [];
    let count = '-';
    for (let i = 0; i < samples; i++) {
      const { ms, body } = await get(path);
      times.push(ms);
      count = body.calls ? String(body.calls.length) : '-';
    }
    times.sort((a, b) => a - b);
    console.log(`| ${name} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${count} |`);
  }
  await api.close();
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * GET /calls benchmark: the call history endpoint over 1,000,000 call rows of one organization (five
 * campaigns, 90 days, a second organization's rows beside them), through HTTP as a console calls it,
 * and the aggregates over the same rows (campaign performance, dashboard). Prints p50 and p95 per request. The rows are seeded once into the bench database and reused.
 *
 *   npm run build && node dist/bench/calls-query.js [rows=1000000] [samples=60]
 */
import { benchDatabase, percentile, startBenchApi } from './support/bench-api';
import { seedCalls } from './support/seed-calls';

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const samples = Number(process.argv[3] ?? 60);
  const db = await benchDatabase();
  const { organizationId, campaignId } = await seedCalls(db, rows);
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

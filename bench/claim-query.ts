/**
 * Contact queue benchmark: one page of the claim's candidate query and the campaign's progress, over
 * campaigns of N contacts in a database of their own (seeded once, then reused). Each claim page runs in a
 * transaction that is rolled back, so every sample sees the same rows. Prints p50 and p95 per scenario.
 *
 *   npm run build && node dist/bench/claim-query.js [contacts=100000] [samples=60]
 */
import type { DataSource } from 'typeorm';
import { CLAIM_CANDIDATES_SQL, CLAIM_PAGE_SIZE, ContactQueue } from '../libs/db/src';
import { benchDatabase, percentile } from './support/bench-api';

const DATABASE_URL = process.env.CLAIM_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:54329/ai_dialer_claimbench';

interface Campaigns {
  fresh: string;
  deep: string;
  waiting: string;
}

interface ContactRows {
  count: number;
  phonePrefix: string;
  status: 'new' | 'retry';
  /** SQL for the next attempt time. */
  due: string;
}

/** Contacts of one campaign, imported 1,000 to a batch (one created_at each, as an upload does). */
async function insertContacts(db: DataSource, organizationId: string, campaignId: string, rows: ContactRows): Promise<void> {
  await db.query(
    `INSERT INTO contacts (organization_id, campaign_id, phone, timezone, status, attempts, next_attempt_at, created_at)
     SELECT $1, $2, $3 || lpad(i::text, 8, '0'), 'America/New_York', $4, $5, ${rows.due},
            now() - interval '3 days' + (i / 1000) * interval '1 second'
       FROM generate_series(1, $6) i`,
    [organizationId, campaignId, rows.phonePrefix, rows.status, rows.status === 'new' ? 0 : 1, rows.count],
  );
}

/**
 * Organization `claim-query-<n>` with three campaigns: `fresh` (n new contacts, n/20 retries due and n/20
 * later), `deep` (the same, then the first 90 % of n in claim order contacted) and `waiting` (n retries,
 * none due yet). Seeded once, then reused.
 */
async function seedContacts(db: DataSource, n: number): Promise<Campaigns> {
  const name = `claim-query-${n}`;
  const campaigns = async (organizationId: string): Promise<Campaigns> => {
    const rows = (await db.query('SELECT id, name FROM campaigns WHERE organization_id = $1', [organizationId])) as { id: string; name: keyof Campaigns }[];
    const id = (key: keyof Campaigns) => rows.find((r) => r.name === key)!.id;
    return { fresh: id('fresh'), deep: id('deep'), waiting: id('waiting') };
  };
  const [existing] = (await db.query('SELECT id FROM organizations WHERE name = $1', [name])) as { id: string }[];
  if (existing) return campaigns(existing.id);
  const started = Date.now();
  // Named only once complete, so an interrupted seed is never mistaken for a finished one.
  const [org] = (await db.query('INSERT INTO organizations (name) VALUES ($1) RETURNING id', [`${name}-seeding`])) as { id: string }[];
  const organizationId = org!.id;
  const created = (await db.query(
    `INSERT INTO campaigns (organization_id, name) SELECT $1, unnest(ARRAY['fresh', 'deep', 'waiting']) RETURNING id, name`,
    [organizationId],
  )) as { id: string; name: keyof Campaigns }[];
  for (const { id, name: kind } of created) {
    if (kind === 'waiting') {
      await insertContacts(db, organizationId, id, { count: n, phonePrefix: '+1404', status: 'retry', due: `now() + interval '1 hour' + random() * interval '1 day'` });
      continue;
    }
    const retries = Math.floor(n / 20);
    await insertContacts(db, organizationId, id, { count: n, phonePrefix: '+1202', status: 'new', due: 'NULL::timestamptz' });
    await insertContacts(db, organizationId, id, { count: retries, phonePrefix: '+1303', status: 'retry', due: `now() - random() * interval '1 day'` });
    await insertContacts(db, organizationId, id, { count: retries, phonePrefix: '+1305', status: 'retry', due: `now() + random() * interval '1 day'` });
  }
  const deep = created.find((c) => c.name === 'deep')!.id;
  await db.query(
    `UPDATE contacts SET status = 'contacted', attempts = attempts + 1, last_contacted = now(), next_attempt_at = NULL
      WHERE id IN (SELECT id FROM contacts WHERE campaign_id = $1 AND status IN ('new', 'retry')
                    ORDER BY COALESCE(next_attempt_at, '-infinity'), created_at, id LIMIT $2)`,
    [deep, Math.floor(n * 0.9)],
  );
  await db.query('VACUUM ANALYZE contacts');
  await db.query('UPDATE organizations SET name = $1 WHERE id = $2', [name, organizationId]);
  console.log(`seeded 3 campaigns of ${n} contacts in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return campaigns(organizationId);
}

/** One claim page, its row locks taken and then rolled back. */
async function claimPage(db: DataSource, campaignId: string): Promise<{ ms: number; rows: number }> {
  const runner = db.createQueryRunner();
  await runner.startTransaction();
  try {
    const started = performance.now();
    const rows = (await runner.query(CLAIM_CANDIDATES_SQL, [campaignId, CLAIM_PAGE_SIZE, []])) as unknown[];
    return { ms: performance.now() - started, rows: rows.length };
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100_000);
  const samples = Number(process.argv[3] ?? 60);
  const db = await benchDatabase(DATABASE_URL);
  const campaigns = await seedContacts(db, n);
  const queue = new ContactQueue(db);
  const progress = async (campaignId: string) => {
    const started = performance.now();
    await queue.progress(campaignId);
    return { ms: performance.now() - started, rows: 1 };
  };
  const scenarios: [string, () => Promise<{ ms: number; rows: number }>][] = [
    ['claim page, fresh campaign', () => claimPage(db, campaigns.fresh)],
    ['claim page, 90 % contacted', () => claimPage(db, campaigns.deep)],
    ['claim page, nothing due yet', () => claimPage(db, campaigns.waiting)],
    ['progress, fresh campaign', () => progress(campaigns.fresh)],
    ['progress, 90 % contacted', () => progress(campaigns.deep)],
  ];
  const table: { scenario: string; rows: number; p50Ms: number; p95Ms: number }[] = [];
  for (const [scenario, run] of scenarios) {
    for (let i = 0; i < 5; i++) await run();
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < samples; i++) {
      const sample = await run();
      times.push(sample.ms);
      rows = sample.rows;
    }
    times.sort((a, b) => a - b);
    table.push({ scenario, rows, p50Ms: Number(percentile(times, 50).toFixed(2)), p95Ms: Number(percentile(times, 95).toFixed(2)) });
  }
  console.log(`\nContact queue over campaigns of ${n.toLocaleString('en-US')} contacts, ${samples} samples each`);
  console.table(table);
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

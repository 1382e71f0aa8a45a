import type { DataSource } from 'typeorm';

const OUTCOMES = ['interested', 'callback', 'not_interested', 'voicemail', 'no_answer', 'busy', 'failed', 'hung_up', 'no_decision'];
const EMOTIONS = ['positive', 'neutral', 'negative'];

async function firstCampaign(db: DataSource, organizationId: string): Promise<{ organizationId: string; campaignId: string }> {
  const [campaign] = (await db.query('SELECT id FROM campaigns WHERE organization_id = $1 ORDER BY name LIMIT 1', [organizationId])) as { id: string }[];
  return { organizationId, campaignId: campaign!.id };
}

/**
 * N call rows of one organization named `calls-query-<rows>` (five campaigns, five attempts per contact, spread
 * over the last 90 days) and N/5 of a neighbour organization in the same table. Seeded once, then reused.
 */
export async function seedCalls(db: DataSource, rows: number): Promise<{ organizationId: string; campaignId: string }> {
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

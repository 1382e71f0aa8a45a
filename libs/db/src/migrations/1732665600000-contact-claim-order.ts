import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The claim's order as an index, so a claim page reads its LIMIT rows instead of sorting all due contacts.
 * `contacts_due_idx` stays: progress, orphan recovery and the status counts read it.
 */
export class ContactClaimOrder1732665600000 implements MigrationInterface {
  name = 'ContactClaimOrder1732665600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Contacts waiting for a dial, in claim order; no date (never tried) sorts first and is due.
      CREATE INDEX contacts_claim_order_idx
        ON contacts (campaign_id, COALESCE(next_attempt_at, '-infinity'), created_at, id)
        WHERE status IN ('new', 'retry');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX contacts_claim_order_idx');
  }
}

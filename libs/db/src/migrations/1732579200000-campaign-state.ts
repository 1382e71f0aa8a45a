import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The campaign row records its workflow's state: why it paused and when the state last changed. */
export class CampaignState1732579200000 implements MigrationInterface {
  name = 'CampaignState1732579200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE campaigns
        ADD COLUMN pause_reason text,
        -- Workflow time of the last recorded change: a retried, older write never overwrites a newer one.
        ADD COLUMN status_changed_at timestamptz;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE campaigns DROP COLUMN pause_reason, DROP COLUMN status_changed_at');
  }
}

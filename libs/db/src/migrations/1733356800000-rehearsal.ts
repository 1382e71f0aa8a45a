import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rehearsals: a campaign's mode and mix of simulated behaviours; calls marked as rehearsal with the behaviour
 * they were dialed to; and where a contact's attempt budget starts, so a reset contact begins a fresh one
 * while its attempt numbers (and so call rows, workflow and channel ids) keep counting up.
 */
export class Rehearsal1733356800000 implements MigrationInterface {
  name = 'Rehearsal1733356800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE campaigns
        ADD COLUMN mode text NOT NULL DEFAULT 'live' CHECK (mode IN ('live', 'rehearsal')),
        ADD COLUMN rehearsal_mix jsonb,
        ADD CONSTRAINT campaigns_rehearsal_mix_check CHECK (mode = 'live' OR rehearsal_mix IS NOT NULL);
      ALTER TABLE calls
        ADD COLUMN rehearsal boolean NOT NULL DEFAULT false,
        ADD COLUMN rehearsal_behaviour text;
      ALTER TABLE contacts ADD COLUMN attempt_base int NOT NULL DEFAULT 0;
      CREATE INDEX calls_org_rehearsal_idx ON calls (organization_id, created_at DESC, id DESC) WHERE rehearsal;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX calls_org_rehearsal_idx;
      ALTER TABLE contacts DROP COLUMN attempt_base;
      ALTER TABLE calls DROP COLUMN rehearsal_behaviour, DROP COLUMN rehearsal;
      ALTER TABLE campaigns DROP CONSTRAINT campaigns_rehearsal_mix_check, DROP COLUMN rehearsal_mix, DROP COLUMN mode;
    `);
  }
}

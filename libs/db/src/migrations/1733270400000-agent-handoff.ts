import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Handoff to a person: a campaign's agents and triggers, and on each call how its handoff went. */
export class AgentHandoff1733270400000 implements MigrationInterface {
  name = 'AgentHandoff1733270400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE campaigns ADD COLUMN handoff jsonb;
      ALTER TABLE calls ADD COLUMN handoff jsonb;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE calls DROP COLUMN handoff;
      ALTER TABLE campaigns DROP COLUMN handoff;
    `);
  }
}

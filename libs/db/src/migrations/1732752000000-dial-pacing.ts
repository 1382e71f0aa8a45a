import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Dial pacing on the campaign row, and when each contact was last claimed (the dial-start clock). */
export class DialPacing1732752000000 implements MigrationInterface {
  name = 'DialPacing1732752000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- The time the campaign's latest dial was allowed to go out: the next one waits callIntervalMs past it.
      ALTER TABLE campaigns ADD COLUMN dial_slot_at timestamptz;
      ALTER TABLE contacts ADD COLUMN claimed_at timestamptz;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE campaigns DROP COLUMN dial_slot_at');
    await q.query('ALTER TABLE contacts DROP COLUMN claimed_at');
  }
}

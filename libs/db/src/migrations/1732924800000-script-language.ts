import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The language a script's calls speak; existing scripts were all written for English. */
export class ScriptLanguage1732924800000 implements MigrationInterface {
  name = 'ScriptLanguage1732924800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scripts ADD COLUMN language text NOT NULL DEFAULT 'en-US'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE scripts DROP COLUMN language');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tokens the language model billed for a call, summed over its turns (the call's cost includes them). */
export class LlmUsage1732838400000 implements MigrationInterface {
  name = 'LlmUsage1732838400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE calls ADD COLUMN llm_prompt_tokens integer NOT NULL DEFAULT 0;
      ALTER TABLE calls ADD COLUMN llm_completion_tokens integer NOT NULL DEFAULT 0;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE calls DROP COLUMN llm_prompt_tokens');
    await q.query('ALTER TABLE calls DROP COLUMN llm_completion_tokens');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whole-call recordings: where a call's recording stands (recording, declined, stored, expired, failed),
 * its file under RECORDINGS_DIR while stored, and when retention deleted it. The partial index serves the
 * retention sweep, which reads stored recordings by the end of their call.
 */
export class CallRecordings1733184000000 implements MigrationInterface {
  name = 'CallRecordings1733184000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE calls ADD COLUMN recording_status text;
      ALTER TABLE calls ADD COLUMN recording_file text;
      ALTER TABLE calls ADD COLUMN recording_deleted_at timestamptz;
      CREATE INDEX calls_stored_recordings ON calls (ended_at) WHERE recording_status = 'stored';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX calls_stored_recordings');
    await q.query('ALTER TABLE calls DROP COLUMN recording_deleted_at');
    await q.query('ALTER TABLE calls DROP COLUMN recording_file');
    await q.query('ALTER TABLE calls DROP COLUMN recording_status');
  }
}

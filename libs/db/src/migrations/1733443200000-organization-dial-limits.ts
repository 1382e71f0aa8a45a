import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An organization's dial limits, shared by all its campaigns: a rate (calls per second) with the organization's
 * own dial slot, and a bound on its calls in flight. A call is in flight from its admission until its end.
 */
export class OrganizationDialLimits1733443200000 implements MigrationInterface {
  name = 'OrganizationDialLimits1733443200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organizations
        ADD COLUMN calls_per_second numeric CHECK (calls_per_second > 0),
        ADD COLUMN max_concurrent_calls int CHECK (max_concurrent_calls > 0),
        -- The time the organization's latest dial was let through: the next one waits 1 / calls_per_second past it.
        ADD COLUMN dial_slot_at timestamptz;
      -- Set under the organization's row lock when a limit admits the call, else by the dial itself.
      ALTER TABLE calls ADD COLUMN admitted_at timestamptz;
      UPDATE calls SET admitted_at = dialed_at WHERE dialed_at IS NOT NULL AND ended_at IS NULL;
      CREATE INDEX calls_org_in_flight_idx ON calls (organization_id, admitted_at) WHERE admitted_at IS NOT NULL AND ended_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX calls_org_in_flight_idx;
      ALTER TABLE calls DROP COLUMN admitted_at;
      ALTER TABLE organizations DROP COLUMN dial_slot_at, DROP COLUMN max_concurrent_calls, DROP COLUMN calls_per_second;
    `);
  }
}

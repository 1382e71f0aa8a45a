import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Versioned call analyses and re-analysis runs. A call keeps every analysis it was given (its own at the end
 * of the call, then one per re-analysis run); the newest is copied onto the calls row, which lists and
 * dashboards read. A run writes at most one version per call (unique on call + run), so a retried page or a
 * workflow reset from Temporal Web UI never adds a second one.
 */
export class CallAnalyses1733097600000 implements MigrationInterface {
  name = 'CallAnalyses1733097600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reanalyses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        workflow_id text NOT NULL,
        -- The calls filters it was asked for; calls created after the request are not part of it.
        filters jsonb NOT NULL,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'paused', 'completed', 'cancelled')),
        total int NOT NULL DEFAULT 0,
        processed int NOT NULL DEFAULT 0,
        changed int NOT NULL DEFAULT 0,
        -- Calls that had no stored version: their analysis was kept as version 1 first.
        backfilled int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX reanalyses_org_idx ON reanalyses (organization_id, created_at DESC);

      CREATE TABLE call_analyses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        call_id uuid NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        version int NOT NULL,
        reanalysis_id uuid REFERENCES reanalyses(id) ON DELETE CASCADE,
        produced_by jsonb NOT NULL,
        transcript text NOT NULL DEFAULT '',
        emotion text,
        intent_score numeric(3,2),
        csat_score int,
        ai_insights jsonb,
        cost numeric(10,4) NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT call_analyses_version_key UNIQUE (call_id, version),
        CONSTRAINT call_analyses_run_key UNIQUE (call_id, reanalysis_id)
      );
      CREATE INDEX call_analyses_reanalysis_idx ON call_analyses (reanalysis_id) WHERE reanalysis_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE call_analyses');
    await q.query('DROP TABLE reanalyses');
  }
}

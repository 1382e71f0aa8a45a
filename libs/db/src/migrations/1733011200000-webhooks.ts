import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outcome webhooks: an organization's endpoints, the outbox of events (written in the transaction that
 * records the fact, unique per fact so a re-run writes it once) and the log of every delivery attempt.
 */
export class Webhooks1733011200000 implements MigrationInterface {
  name = 'Webhooks1733011200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        url text NOT NULL,
        description text NOT NULL DEFAULT '',
        -- Kept in the clear: the HMAC needs it. Shown once, on create and on rotation.
        secret text NOT NULL,
        -- Empty: every event type.
        event_types text[] NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX webhook_endpoints_org_idx ON webhook_endpoints (organization_id, created_at);

      CREATE TABLE webhook_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        event_type text NOT NULL,
        -- The fact it reports: the call id, or the campaign id and the time of its state change.
        subject text NOT NULL,
        data jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Set once a delivery workflow was started for each endpoint; the worker's sweep starts the rest.
        dispatched_at timestamptz,
        CONSTRAINT webhook_events_fact_key UNIQUE (event_type, subject)
      );
      CREATE INDEX webhook_events_undispatched_idx ON webhook_events (created_at) WHERE dispatched_at IS NULL;

      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
        event_id uuid NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
        workflow_id text NOT NULL,
        attempt int NOT NULL,
        result text NOT NULL CHECK (result IN ('delivered', 'retrying', 'failed')),
        status_code int,
        error text,
        duration_ms int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_deliveries_attempt_key UNIQUE (workflow_id, attempt)
      );
      CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_deliveries');
    await q.query('DROP TABLE webhook_events');
    await q.query('DROP TABLE webhook_endpoints');
  }
}

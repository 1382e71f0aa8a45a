import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys, the indexes behind the calls and contacts filters, and change notifications for live updates. */
export class ApiSurface1732492800000 implements MigrationInterface {
  name = 'ApiSurface1732492800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'viewer')),
        -- The first characters, shown in listings so an admin can tell keys apart; the key itself is never stored.
        prefix text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX api_keys_org_idx ON api_keys (organization_id);

      -- GET /calls filters, each newest first with the id as tie-breaker for the cursor.
      CREATE INDEX calls_org_campaign_created_idx ON calls (organization_id, campaign_id, created_at DESC, id DESC);
      CREATE INDEX calls_org_outcome_created_idx ON calls (organization_id, outcome, created_at DESC, id DESC);
      CREATE INDEX calls_org_status_created_idx ON calls (organization_id, status, created_at DESC, id DESC);
      CREATE INDEX calls_org_emotion_created_idx ON calls (organization_id, emotion, created_at DESC, id DESC);
      CREATE INDEX contacts_org_campaign_created_idx ON contacts (organization_id, campaign_id, created_at, id);

      -- Live updates: every call and campaign change is announced to the API's listener.
      CREATE FUNCTION notify_dialer_change() RETURNS trigger AS $$
      DECLARE
        changed jsonb := to_jsonb(NEW);
      BEGIN
        PERFORM pg_notify('dialer_changes', json_build_object(
          'type', TG_ARGV[0],
          'op', lower(TG_OP),
          'organizationId', changed ->> 'organization_id',
          'id', changed ->> 'id',
          'campaignId', COALESCE(changed ->> 'campaign_id', changed ->> 'id'),
          'status', changed ->> 'status',
          'outcome', changed ->> 'outcome'
        )::text);
        RETURN NULL;
      END $$ LANGUAGE plpgsql;
      CREATE TRIGGER calls_notify AFTER INSERT OR UPDATE OF status, outcome ON calls
        FOR EACH ROW EXECUTE FUNCTION notify_dialer_change('call');
      CREATE TRIGGER campaigns_notify AFTER INSERT OR UPDATE OF status ON campaigns
        FOR EACH ROW EXECUTE FUNCTION notify_dialer_change('campaign');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER campaigns_notify ON campaigns;
      DROP TRIGGER calls_notify ON calls;
      DROP FUNCTION notify_dialer_change();
      DROP INDEX contacts_org_campaign_created_idx, calls_org_emotion_created_idx, calls_org_status_created_idx,
        calls_org_outcome_created_idx, calls_org_campaign_created_idx;
      DROP TABLE api_keys;
    `);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1732406400000 implements MigrationInterface {
  name = 'InitialSchema1732406400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        email text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'viewer')),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE scripts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL,
        main_pitch text NOT NULL,
        objection_handling jsonb NOT NULL DEFAULT '{}',
        closing text NOT NULL DEFAULT '',
        follow_up text NOT NULL DEFAULT '',
        voicemail_message text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX scripts_org_idx ON scripts (organization_id);
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL,
        type text NOT NULL DEFAULT 'sales',
        status text NOT NULL DEFAULT 'active',
        description text NOT NULL DEFAULT '',
        script_id uuid REFERENCES scripts(id) ON DELETE SET NULL,
        call_settings jsonb NOT NULL DEFAULT '{}',
        calling_window jsonb,
        caller_id text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX campaigns_org_idx ON campaigns (organization_id);
      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        first_name text NOT NULL DEFAULT '',
        last_name text NOT NULL DEFAULT '',
        phone text NOT NULL,
        email text NOT NULL DEFAULT '',
        company text NOT NULL DEFAULT '',
        timezone text,
        timezone_source text CHECK (timezone_source IN ('contact', 'derived')),
        status text NOT NULL DEFAULT 'new',
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_contacted timestamptz,
        claim_token text,
        custom_fields jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT contacts_campaign_phone_key UNIQUE (campaign_id, phone)
      );
      -- The campaign's claim: due contacts of one campaign, oldest due first.
      CREATE INDEX contacts_due_idx ON contacts (campaign_id, status, next_attempt_at);
      CREATE INDEX contacts_claim_idx ON contacts (claim_token) WHERE claim_token IS NOT NULL;
      CREATE INDEX contacts_org_idx ON contacts (organization_id);
      CREATE TABLE calls (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        attempt int NOT NULL,
        workflow_id text NOT NULL,
        channel_id text NOT NULL,
        status text NOT NULL DEFAULT 'initiated',
        outcome text,
        dial_status text,
        hangup_cause int,
        hangup_cause_text text,
        duration int NOT NULL DEFAULT 0,
        transcript text NOT NULL DEFAULT '',
        emotion text,
        intent_score numeric(3, 2),
        csat_score int,
        ai_insights jsonb,
        cost numeric(10, 4) NOT NULL DEFAULT 0,
        automated boolean NOT NULL DEFAULT true,
        compliance jsonb,
        dialed_at timestamptz,
        answered_at timestamptz,
        ended_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- Exactly one row per attempt, however often the reservation is retried.
        CONSTRAINT calls_contact_attempt_key UNIQUE (contact_id, attempt)
      );
      CREATE UNIQUE INDEX calls_channel_idx ON calls (channel_id);
      CREATE INDEX calls_org_created_idx ON calls (organization_id, created_at DESC, id DESC);
      CREATE INDEX calls_campaign_idx ON calls (campaign_id, created_at DESC);
      CREATE TABLE call_events (
        id bigserial PRIMARY KEY,
        call_id uuid NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        event_type text NOT NULL,
        event_data jsonb NOT NULL DEFAULT '{}',
        dedupe_key text,
        timestamp timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX call_events_call_idx ON call_events (call_id, timestamp, id);
      CREATE UNIQUE INDEX call_events_dedupe_idx ON call_events (call_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
      CREATE TABLE dnc_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        phone text NOT NULL,
        reason text NOT NULL DEFAULT '',
        source text NOT NULL DEFAULT 'manual',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dnc_org_phone_key UNIQUE (organization_id, phone)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP TABLE dnc_entries, call_events, calls, contacts, campaigns, scripts, users, organizations',
    );
  }
}

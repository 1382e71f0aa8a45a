import { changeRows, selectRow, selectRows, singleRow } from './queryable';
import { WebhookOutbox, campaignEventType } from './webhook-outbox';
import type { DataSource } from 'typeorm';
import type { CallSettings, CallingWindow, CampaignMode, CampaignStateChange, CampaignStatus, CampaignType, HandoffSettings, RehearsalMix } from '../../../contracts/src';

/** A campaign row as the API shows it and the engine reads it. */
export interface CampaignRecord {
  id: string;
  organizationId: string;
  name: string;
  type: CampaignType;
  /** Recorded by the campaign's workflow once it runs (see recordState). */
  status: CampaignStatus;
  pauseReason: string | null;
  statusChangedAt: Date | null;
  description: string;
  scriptId: string | null;
  callSettings: Partial<CallSettings>;
  callingWindow: CallingWindow | null;
  callerId: string;
  /** Handoff to a person, or null (off). */
  handoff: HandoffSettings | null;
  /** `rehearsal`: every dial goes to a simulated customer of `rehearsalMix` instead of the contact. */
  mode: CampaignMode;
  rehearsalMix: RehearsalMix | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewCampaign {
  organizationId: string;
  name: string;
  type: CampaignType;
  status: CampaignStatus;
  description: string;
  scriptId: string | null;
  callSettings: Partial<CallSettings>;
  callingWindow: CallingWindow | null;
  callerId: string;
  handoff: HandoffSettings | null;
  mode: CampaignMode;
  rehearsalMix: RehearsalMix | null;
}

/** What an admin may change; status moves only through the campaign's workflow, mode through switchMode. */
export type CampaignChanges = Partial<Pick<NewCampaign, 'name' | 'description' | 'scriptId' | 'callerId' | 'callingWindow' | 'callSettings' | 'handoff' | 'rehearsalMix'>>;

/** Why a mode switch did not happen, or that it did. */
export type ModeSwitch = 'switched' | 'unchanged' | 'not_found' | 'has_live_calls';

const COLUMNS = `id, organization_id AS "organizationId", name, type, status, pause_reason AS "pauseReason",
  status_changed_at AS "statusChangedAt", description, script_id AS "scriptId", call_settings AS "callSettings",
  calling_window AS "callingWindow", caller_id AS "callerId", handoff, mode, rehearsal_mix AS "rehearsalMix",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The campaign rows: the API's reads and edits, the engine's reads and state records. */
export class CampaignRepository {
  constructor(private readonly db: DataSource) {}

  async find(campaignId: string): Promise<CampaignRecord | undefined> {
    return (await selectRow<CampaignRecord>(this.db, `SELECT ${COLUMNS} FROM campaigns WHERE id = $1`, [campaignId])) ?? undefined;
  }

  /**
   * Admits a paced campaign's next dial now, if callIntervalMs has passed since the one before (the row lock
   * orders concurrent callers, whichever worker runs them); otherwise says when the next one may go.
   */
  async admitDial(campaignId: string, intervalMs: number): Promise<{ admittedAt: Date } | { nextAt: Date }> {
    const row = await singleRow<{ admitted_at: Date | null; next_at: Date }>(
      this.db,
      // Lock first: a caller that waited for the lock then reads the slot its predecessor just took.
      `WITH slot AS (SELECT id, dial_slot_at FROM campaigns WHERE id = $1 FOR UPDATE),
       admitted AS (
         UPDATE campaigns c SET dial_slot_at = clock_timestamp()
           FROM slot
          WHERE c.id = slot.id
            AND (slot.dial_slot_at IS NULL OR slot.dial_slot_at + make_interval(secs => $2::float8 / 1000) <= clock_timestamp())
          RETURNING c.dial_slot_at)
       SELECT (SELECT dial_slot_at FROM admitted) AS admitted_at,
              (SELECT dial_slot_at + make_interval(secs => $2::float8 / 1000) FROM slot) AS next_at`,
      [campaignId, intervalMs],
    );
    return row.admitted_at ? { admittedAt: row.admitted_at } : { nextAt: row.next_at };
  }

  /** Another organization's campaign is not found, exactly like a missing one. */
  async findInOrganization(organizationId: string, campaignId: string): Promise<CampaignRecord | undefined> {
    const sql = `SELECT ${COLUMNS} FROM campaigns WHERE id = $1 AND organization_id = $2`;
    return (await selectRow<CampaignRecord>(this.db, sql, [campaignId, organizationId])) ?? undefined;
  }

  list(organizationId: string, status?: CampaignStatus): Promise<CampaignRecord[]> {
    return selectRows<CampaignRecord>(
      this.db,
      `SELECT ${COLUMNS} FROM campaigns WHERE organization_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC, id`,
      [organizationId, status ?? null],
    );
  }

  create(campaign: NewCampaign): Promise<CampaignRecord> {
    return singleRow<CampaignRecord>(
      this.db,
      `INSERT INTO campaigns (organization_id, name, type, status, description, script_id, call_settings, calling_window, caller_id, handoff, mode, rehearsal_mix)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
      [
        campaign.organizationId,
        campaign.name,
        campaign.type,
        campaign.status,
        campaign.description,
        campaign.scriptId,
        JSON.stringify(campaign.callSettings),
        campaign.callingWindow === null ? null : JSON.stringify(campaign.callingWindow),
        campaign.callerId,
        campaign.handoff === null ? null : JSON.stringify(campaign.handoff),
        campaign.mode,
        campaign.rehearsalMix === null ? null : JSON.stringify(campaign.rehearsalMix),
      ],
    );
  }

  /** Applies the given changes; call settings merge field by field into those stored. */
  async update(organizationId: string, campaignId: string, changes: CampaignChanges): Promise<CampaignRecord | undefined> {
    const [rows] = (await this.db.query(
      `UPDATE campaigns SET
          name = COALESCE($3, name),
          description = COALESCE($4, description),
          script_id = CASE WHEN $5::boolean THEN $6::uuid ELSE script_id END,
          caller_id = COALESCE($7, caller_id),
          calling_window = COALESCE($8::jsonb, calling_window),
          call_settings = call_settings || COALESCE($9::jsonb, '{}'),
          handoff = CASE WHEN $10::boolean THEN $11::jsonb ELSE handoff END,
          rehearsal_mix = COALESCE($12::jsonb, rehearsal_mix),
          updated_at = now()
        WHERE id = $1 AND organization_id = $2 RETURNING ${COLUMNS}`,
      [
        campaignId,
        organizationId,
        changes.name ?? null,
        changes.description ?? null,
        changes.scriptId !== undefined,
        changes.scriptId ?? null,
        changes.callerId ?? null,
        changes.callingWindow ? JSON.stringify(changes.callingWindow) : null,
        changes.callSettings ? JSON.stringify(changes.callSettings) : null,
        changes.handoff !== undefined,
        changes.handoff ? JSON.stringify(changes.handoff) : null,
        changes.rehearsalMix ? JSON.stringify(changes.rehearsalMix) : null,
      ],
    )) as [CampaignRecord[], number];
    return rows[0];
  }

  /**
   * Switches a campaign between rehearsal and live and resets its contacts, in one transaction: each is due
   * again with a fresh attempt budget (attempt numbers keep counting, so the earlier calls stay as they are).
   * A campaign that has dialed anyone for real cannot go back to rehearsal: its live run would call them again.
   * The caller makes sure the campaign's workflow does not run.
   */
  async switchMode(organizationId: string, campaignId: string, mode: CampaignMode): Promise<ModeSwitch> {
    return this.db.transaction(async (em) => {
      const campaign = await selectRow<{ mode: CampaignMode }>(em, 'SELECT mode FROM campaigns WHERE id = $1 AND organization_id = $2 FOR UPDATE', [
        campaignId,
        organizationId,
      ]);
      if (!campaign) return 'not_found';
      if (campaign.mode === mode) return 'unchanged';
      if (mode === 'rehearsal') {
        const live = await selectRow(em, 'SELECT 1 FROM calls WHERE campaign_id = $1 AND NOT rehearsal AND dialed_at IS NOT NULL LIMIT 1', [campaignId]);
        if (live) return 'has_live_calls';
      }
      await em.query('UPDATE campaigns SET mode = $2, updated_at = now() WHERE id = $1', [campaignId, mode]);
      await em.query(
        `UPDATE contacts SET status = 'new', next_attempt_at = NULL, claim_token = NULL, attempt_base = attempts, updated_at = now()
          WHERE campaign_id = $1`,
        [campaignId],
      );
      return 'switched';
    });
  }

  /**
   * A campaign with call records is archived, never deleted (the records are the evidence of every dial);
   * one without is deleted. One statement each, so a dial cannot slip in between the check and the change.
   */
  async archiveOrDelete(organizationId: string, campaignId: string): Promise<'archived' | 'deleted'> {
    const archived = await changeRows(
      this.db,
      `UPDATE campaigns SET status = 'archived', updated_at = now()
        WHERE id = $1 AND organization_id = $2 AND EXISTS (SELECT 1 FROM calls WHERE campaign_id = $1)`,
      [campaignId, organizationId],
    );
    if (archived > 0) return 'archived';
    await this.db.query(
      `DELETE FROM campaigns WHERE id = $1 AND organization_id = $2 AND NOT EXISTS (SELECT 1 FROM calls WHERE campaign_id = $1)`,
      [campaignId, organizationId],
    );
    return 'deleted';
  }

  async contactsByStatus(campaignId: string): Promise<Record<string, number>> {
    const rows = await selectRows<{ status: string; n: number }>(this.db, 'SELECT status, count(*)::int AS n FROM contacts WHERE campaign_id = $1 GROUP BY status', [
      campaignId,
    ]);
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  /**
   * Records the state the campaign's workflow is in. Ordered by the workflow's own clock, so a retried
   * write of an older change never overwrites a newer one; an archived campaign stays archived. A change
   * that webhooks announce (paused, resumed, stopped, completed) writes its outbox event in the same
   * transaction; `eventId` is that event, also when a re-run finds it already written.
   */
  async recordState(change: CampaignStateChange): Promise<{ applied: boolean; eventId: string | null }> {
    return this.db.transaction(async (em) => {
      const [rows] = (await em.query(
        // The CTE reads the row before the update (and locks it): the status it leaves is the previous one.
        `WITH before AS (SELECT id, status FROM campaigns WHERE id = $1 FOR UPDATE)
         UPDATE campaigns c SET status = $2, pause_reason = $3, status_changed_at = $4, updated_at = now()
           FROM before
          WHERE c.id = before.id AND c.status <> 'archived' AND (c.status_changed_at IS NULL OR c.status_changed_at <= $4)
          RETURNING before.status AS previous, c.organization_id, c.name`,
        [change.campaignId, change.status, change.reason, change.at],
      )) as [{ previous: CampaignStatus; organization_id: string; name: string }[], number];
      const row = rows[0];
      if (!row) return { applied: false, eventId: null };
      const outbox = new WebhookOutbox(em);
      const type = campaignEventType(row.previous, change.status);
      const eventId = type
        ? await outbox.campaignChanged({
            organizationId: row.organization_id,
            campaignId: change.campaignId,
            campaignName: row.name,
            type,
            status: change.status,
            previousStatus: row.previous,
            reason: change.reason,
            at: change.at,
          })
        : await outbox.campaignEventOf(change.campaignId, change.at);
      return { applied: true, eventId };
    });
  }

  /** Merges a live change of the call settings into the row, where each call reads its settings. */
  async mergeCallSettings(campaignId: string, patch: Partial<CallSettings>): Promise<Partial<CallSettings> | undefined> {
    const [rows] = (await this.db.query(
      `UPDATE campaigns SET call_settings = call_settings || $2::jsonb, updated_at = now() WHERE id = $1 RETURNING call_settings`,
      [campaignId, JSON.stringify(patch)],
    )) as [{ call_settings: Partial<CallSettings> }[], number];
    return rows[0]?.call_settings;
  }
}

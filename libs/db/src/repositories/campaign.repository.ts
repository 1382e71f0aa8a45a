import type { DataSource } from 'typeorm';
import type { CallSettings, CallingWindow, CampaignStateChange, CampaignStatus } from '../../../contracts/src';

export interface CampaignRecord {
  id: string;
  organizationId: string;
  name: string;
  status: CampaignStatus;
  pauseReason: string | null;
  scriptId: string | null;
  callSettings: Partial<CallSettings>;
  callingWindow: CallingWindow | null;
  callerId: string;
}

interface CampaignRow {
  id: string;
  organization_id: string;
  name: string;
  status: CampaignStatus;
  pause_reason: string | null;
  script_id: string | null;
  call_settings: Partial<CallSettings>;
  calling_window: CallingWindow | null;
  caller_id: string;
}

const COLUMNS = 'id, organization_id, name, status, pause_reason, script_id, call_settings, calling_window, caller_id';

const toRecord = (row: CampaignRow): CampaignRecord => ({
  id: row.id,
  organizationId: row.organization_id,
  name: row.name,
  status: row.status,
  pauseReason: row.pause_reason,
  scriptId: row.script_id,
  callSettings: row.call_settings,
  callingWindow: row.calling_window,
  callerId: row.caller_id,
});

/** The campaign rows as the engine reads and records them. */
export class CampaignRepository {
  constructor(private readonly db: DataSource) {}

  async find(campaignId: string): Promise<CampaignRecord | undefined> {
    const [row] = (await this.db.query(`SELECT ${COLUMNS} FROM campaigns WHERE id = $1`, [campaignId])) as CampaignRow[];
    return row ? toRecord(row) : undefined;
  }

  /**
   * Records the state the campaign's workflow is in. Ordered by the workflow's own clock, so a retried
   * write of an older change never overwrites a newer one; an archived campaign stays archived.
   */
  async recordState(change: CampaignStateChange): Promise<boolean> {
    const [, count] = (await this.db.query(
      `UPDATE campaigns SET status = $2, pause_reason = $3, status_changed_at = $4, updated_at = now()
        WHERE id = $1 AND status <> 'archived' AND (status_changed_at IS NULL OR status_changed_at <= $4)`,
      [change.campaignId, change.status, change.reason, change.at],
    )) as [unknown, number];
    return count > 0;
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

import type { DataSource } from 'typeorm';
import type { RecordingStatus } from '../../../contracts/src';
import { selectRow, selectRows } from './queryable';

/**
 * Where each call's whole-call recording stands, and its lifecycle events (evidence of consent and of
 * deletion). Every change moves from one named status only, so a retried step changes nothing twice.
 */
export class CallRecordingRepository {
  constructor(private readonly db: DataSource) {}

  /** The conversation began recording the call (after which the consent announcement is spoken). */
  started(callId: string): Promise<boolean> {
    return this.move(callId, null, 'recording', 'recording_started', {});
  }

  /** The customer declined: the recording was stopped and deleted on Asterisk. */
  declined(callId: string, turn: number): Promise<boolean> {
    return this.move(callId, 'recording', 'declined', 'recording_declined', { turn });
  }

  /** Moved off Asterisk into the recordings directory as `file`. */
  stored(callId: string, file: string, durationMs: number): Promise<boolean> {
    return this.move(callId, 'recording', 'stored', 'recording_stored', { durationMs }, { file });
  }

  failed(callId: string, reason: string): Promise<boolean> {
    return this.move(callId, 'recording', 'failed', 'recording_failed', { reason });
  }

  /** Retention deleted the file; the row keeps when. */
  expired(callId: string): Promise<boolean> {
    return this.move(callId, 'stored', 'expired', 'recording_expired', {}, { file: null, deletedAt: true });
  }

  async status(callId: string): Promise<RecordingStatus | null> {
    const row = await selectRow<{ recording_status: RecordingStatus | null }>(this.db, 'SELECT recording_status FROM calls WHERE id = $1', [callId]);
    return row?.recording_status ?? null;
  }

  /** The stored recording of one of the organization's calls, or null (another organization's call, none, gone). */
  async findStored(organizationId: string, callId: string): Promise<{ file: string } | null> {
    const row = await selectRow<{ recording_file: string }>(
      this.db,
      `SELECT recording_file FROM calls WHERE id = $1 AND organization_id = $2 AND recording_status = 'stored' AND recording_file IS NOT NULL`,
      [callId, organizationId],
    );
    return row && { file: row.recording_file };
  }

  /** Stored recordings whose call ended longer ago than its campaign's retention allows, oldest first. */
  async pastRetention(limit: number): Promise<{ callId: string; file: string }[]> {
    const rows = await selectRows<{ id: string; recording_file: string }>(
      this.db,
      `SELECT c.id, c.recording_file FROM calls c JOIN campaigns cp ON cp.id = c.campaign_id
        WHERE c.recording_status = 'stored'
          AND c.ended_at < now() - make_interval(days => (cp.call_settings->'recording'->>'retentionDays')::int)
        ORDER BY c.ended_at LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ callId: row.id, file: row.recording_file }));
  }

  private async move(
    callId: string,
    from: RecordingStatus | null,
    to: RecordingStatus,
    event: string,
    data: Record<string, unknown>,
    fields: { file?: string | null; deletedAt?: true } = {},
  ): Promise<boolean> {
    const rows = await selectRows<{ id: string }>(
      this.db,
      `WITH moved AS (
         UPDATE calls SET recording_status = $3,
                recording_file = CASE WHEN $4 THEN $5 ELSE recording_file END,
                recording_deleted_at = CASE WHEN $6 THEN now() ELSE recording_deleted_at END,
                updated_at = now()
          WHERE id = $1 AND recording_status IS NOT DISTINCT FROM $2
          RETURNING id, organization_id)
       INSERT INTO call_events (call_id, organization_id, event_type, event_data, dedupe_key)
       SELECT id, organization_id, $7, $8, $7 FROM moved ON CONFLICT DO NOTHING
       RETURNING call_id AS id`,
      [callId, from, to, 'file' in fields, fields.file ?? null, fields.deletedAt === true, event, JSON.stringify(data)],
    );
    return rows.length > 0;
  }
}

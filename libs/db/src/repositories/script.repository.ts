import type { ScriptLanguage } from '../../../contracts/src';
import { type Queryable, singleRow, selectRow, selectRows } from './queryable';

export interface ScriptRecord {
  id: string;
  organizationId: string;
  name: string;
  mainPitch: string;
  objectionHandling: Record<string, string>;
  closing: string;
  followUp: string;
  voicemailMessage: string;
  language: ScriptLanguage;
  createdAt: Date;
  updatedAt: Date;
}

/** What a person writes; a field left out keeps its current value (or its default on create). */
export interface ScriptFields {
  name?: string;
  mainPitch?: string;
  objectionHandling?: Record<string, string>;
  closing?: string;
  followUp?: string;
  voicemailMessage?: string;
  language?: ScriptLanguage;
}

const COLUMNS = `id, organization_id AS "organizationId", name, main_pitch AS "mainPitch", objection_handling AS "objectionHandling",
  closing, follow_up AS "followUp", voicemail_message AS "voicemailMessage", language, created_at AS "createdAt", updated_at AS "updatedAt"`;

function fieldParams(fields: ScriptFields): unknown[] {
  return [
    fields.name ?? null,
    fields.mainPitch ?? null,
    fields.objectionHandling ? JSON.stringify(fields.objectionHandling) : null,
    fields.closing ?? null,
    fields.followUp ?? null,
    fields.voicemailMessage ?? null,
    fields.language ?? null,
  ];
}

export class ScriptRepository {
  constructor(private readonly db: Queryable) {}

  list(organizationId: string): Promise<ScriptRecord[]> {
    return selectRows(this.db, `SELECT ${COLUMNS} FROM scripts WHERE organization_id = $1 ORDER BY created_at DESC`, [organizationId]);
  }

  find(organizationId: string, id: string): Promise<ScriptRecord | null> {
    return selectRow(this.db, `SELECT ${COLUMNS} FROM scripts WHERE id = $1 AND organization_id = $2`, [id, organizationId]);
  }

  create(organizationId: string, fields: ScriptFields & { name: string; mainPitch: string }): Promise<ScriptRecord> {
    return singleRow(
      this.db,
      `INSERT INTO scripts (organization_id, name, main_pitch, objection_handling, closing, follow_up, voicemail_message, language)
       VALUES ($1, $2, $3, COALESCE($4::jsonb, '{}'), COALESCE($5, ''), COALESCE($6, ''), COALESCE($7, ''), COALESCE($8, 'en-US')) RETURNING ${COLUMNS}`,
      [organizationId, ...fieldParams(fields)],
    );
  }

  async update(organizationId: string, id: string, fields: ScriptFields): Promise<void> {
    await this.db.query(
      `UPDATE scripts SET name = COALESCE($3, name), main_pitch = COALESCE($4, main_pitch), objection_handling = COALESCE($5::jsonb, objection_handling),
              closing = COALESCE($6, closing), follow_up = COALESCE($7, follow_up), voicemail_message = COALESCE($8, voicemail_message),
              language = COALESCE($9, language), updated_at = now()
        WHERE id = $1 AND organization_id = $2`,
      [id, organizationId, ...fieldParams(fields)],
    );
  }

  /** Campaigns that may still call (draft, active or paused) with this script. */
  campaignsStillUsing(organizationId: string, id: string): Promise<{ id: string; name: string }[]> {
    return selectRows(
      this.db,
      `SELECT id, name FROM campaigns WHERE script_id = $1 AND organization_id = $2 AND status IN ('draft', 'active', 'paused')`,
      [id, organizationId],
    );
  }

  async delete(organizationId: string, id: string): Promise<void> {
    await this.db.query('DELETE FROM scripts WHERE id = $1 AND organization_id = $2', [id, organizationId]);
  }
}

import { type Queryable, selectRow, selectRows } from './queryable';

/** One analysis of a call, as stored. */
export interface CallAnalysisRecord {
  transcript: string;
  emotion: string;
  intentScore: number;
  csatScore: number;
  insights: unknown;
  cost: number;
}

/** What produced an analysis; the script's id and last change are added from the database when it is stored. */
export type AnalysisProducer =
  | { kind: 'call'; rulesVersion: number; llmModel: string | null }
  | { kind: 'reanalysis'; reanalysisId: string; rulesVersion: number; llmModel: string | null };

/** One stored analysis of a call; version 1 is the oldest. */
export interface CallAnalysisVersion {
  version: number;
  producedBy: Record<string, unknown>;
  transcript: string;
  emotion: string | null;
  intentScore: number | null;
  csatScore: number | null;
  aiInsights: Record<string, unknown> | null;
  cost: number;
  createdAt: Date;
}

/** The script a call's campaign uses now, added to what produced each version. */
export const SCRIPT_OF_CALL = `
  FROM calls c JOIN campaigns cp ON cp.id = c.campaign_id LEFT JOIN scripts s ON s.id = cp.script_id`;
export const WITH_SCRIPT = `jsonb_build_object('scriptId', s.id, 'scriptUpdatedAt', s.updated_at)`;

/**
 * The newest version of each call copied onto its calls row, which lists, exports and dashboards read. Calls
 * without a version keep their row as it is.
 */
export async function showNewestAnalyses(db: Queryable, callIds: string[]): Promise<void> {
  await db.query(
    `UPDATE calls c SET transcript = a.transcript, emotion = a.emotion, intent_score = a.intent_score, csat_score = a.csat_score,
            ai_insights = a.ai_insights, cost = a.cost, updated_at = now()
       FROM (SELECT DISTINCT ON (call_id) * FROM call_analyses WHERE call_id = ANY($1) ORDER BY call_id, version DESC) a
      WHERE c.id = a.call_id`,
    [callIds],
  );
}

/**
 * The analysis made when the call ended, as a version of its own (the first, unless a re-analysis came
 * first), then shown on the call. Written once: a retried analysis step finds it there.
 */
export async function storeCallAnalysis(db: Queryable, callId: string, analysis: CallAnalysisRecord, producedBy: AnalysisProducer): Promise<void> {
  // The row lock orders this write after any re-analysis of the same call, so version numbers never collide.
  if (!(await selectRow(db, 'SELECT id FROM calls WHERE id = $1 FOR UPDATE', [callId]))) return;
  await db.query(
    `INSERT INTO call_analyses (call_id, organization_id, version, produced_by, transcript, emotion, intent_score, csat_score, ai_insights, cost)
     SELECT c.id, c.organization_id, COALESCE((SELECT max(version) FROM call_analyses WHERE call_id = c.id), 0) + 1,
            $2::jsonb || ${WITH_SCRIPT}, $3, $4, $5, $6, $7, $8
       ${SCRIPT_OF_CALL}
      WHERE c.id = $1 AND NOT EXISTS (SELECT 1 FROM call_analyses WHERE call_id = c.id AND produced_by->>'kind' = 'call')`,
    [callId, JSON.stringify(producedBy), analysis.transcript, analysis.emotion, analysis.intentScore, analysis.csatScore, JSON.stringify(analysis.insights), analysis.cost],
  );
  await showNewestAnalyses(db, [callId]);
}

interface VersionRow {
  version: number;
  produced_by: Record<string, unknown>;
  transcript: string;
  emotion: string | null;
  intent_score: string | null;
  csat_score: number | null;
  ai_insights: Record<string, unknown> | null;
  cost: string;
  created_at: Date;
}

export class CallAnalyses {
  constructor(private readonly db: Queryable) {}

  /** Every stored analysis of one call of the organization, newest first; empty for another organization's call. */
  async versions(organizationId: string, callId: string): Promise<CallAnalysisVersion[]> {
    const rows = await selectRows<VersionRow>(
      this.db,
      `SELECT version, produced_by, transcript, emotion, intent_score, csat_score, ai_insights, cost, created_at
         FROM call_analyses WHERE call_id = $1 AND organization_id = $2 ORDER BY version DESC`,
      [callId, organizationId],
    );
    return rows.map((row) => ({
      version: row.version,
      producedBy: row.produced_by,
      transcript: row.transcript,
      emotion: row.emotion,
      intentScore: row.intent_score === null ? null : Number(row.intent_score),
      csatScore: row.csat_score,
      aiInsights: row.ai_insights,
      cost: Number(row.cost),
      createdAt: row.created_at,
    }));
  }
}

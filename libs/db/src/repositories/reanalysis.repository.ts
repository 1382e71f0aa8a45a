import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type CallOutcome, type ReanalysisCounts, type ReanalysisFilters, type ReanalysisStatus, DEFAULT_LANGUAGE, type ScriptLanguage } from '../../../contracts/src';
import { type AnalysisProducer, type CallAnalysisRecord, SCRIPT_OF_CALL, WITH_SCRIPT, showNewestAnalyses } from './call-analyses';
import { Conditions, type Queryable, changeRows, selectRow, selectRows, singleRow } from './queryable';

/** A run as the API shows it. */
export interface ReanalysisRecord extends ReanalysisCounts {
  id: string;
  organizationId: string;
  workflowId: string;
  filters: ReanalysisFilters;
  status: ReanalysisStatus;
  total: number;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** One ended call of a page, with what its analysis is made from. */
export interface StoredCall {
  id: string;
  outcome: CallOutcome;
  /** Seconds from answer to hang-up. */
  duration: number;
  llmPromptTokens: number;
  llmCompletionTokens: number;
  /** How the customer answered (keys or speech), as the call's first analysis recorded it. */
  input: 'keys' | 'speech' | null;
  /** The language of the campaign's script today. */
  language: ScriptLanguage;
  turns: Record<string, unknown>[];
}

interface RunRow {
  id: string;
  organization_id: string;
  workflow_id: string;
  filters: ReanalysisFilters;
  status: ReanalysisStatus;
  total: number;
  processed: number;
  changed: number;
  backfilled: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const toRecord = (row: RunRow): ReanalysisRecord => ({
  id: row.id,
  organizationId: row.organization_id,
  workflowId: row.workflow_id,
  filters: row.filters,
  status: row.status,
  total: row.total,
  processed: row.processed,
  changed: row.changed,
  backfilled: row.backfilled,
  requestedAt: row.created_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
});

/**
 * The calls of a run: ended, answered calls (only those were analysed) of its organization that match its
 * filters and were created before it was requested.
 */
function runConditions(run: { id: string; organization_id: string; filters: ReanalysisFilters }): Conditions {
  const { filters } = run;
  const conditions = new Conditions();
  conditions.add((p) => `c.organization_id = ${p}`, run.organization_id);
  // Read in SQL: a JavaScript Date would drop the request time's microseconds.
  conditions.add((p) => `c.created_at < (SELECT created_at FROM reanalyses WHERE id = ${p})`, run.id);
  conditions.add(() => 'c.ended_at IS NOT NULL AND c.answered_at IS NOT NULL');
  if (filters.campaignId) conditions.add((p) => `c.campaign_id = ${p}`, filters.campaignId);
  if (filters.contactId) conditions.add((p) => `c.contact_id = ${p}`, filters.contactId);
  if (filters.outcome) conditions.add((p) => `c.outcome = ${p}`, filters.outcome);
  if (filters.emotion) conditions.add((p) => `c.emotion = ${p}`, filters.emotion);
  if (filters.status) conditions.add((p) => `c.status = ${p}`, filters.status);
  if (filters.from) conditions.add((p) => `c.created_at >= ${p}`, filters.from);
  if (filters.to) conditions.add((p) => `c.created_at < ${p}`, filters.to);
  if (filters.rehearsal !== undefined) conditions.add((p) => `c.rehearsal = ${p}`, filters.rehearsal);
  return conditions;
}

/** Re-analysis runs and the versions they write. Every write is idempotent per call and run. */
export class ReanalysisRepository {
  constructor(private readonly db: DataSource) {}

  async create(organizationId: string, filters: ReanalysisFilters, workflowIdOf: (id: string) => string): Promise<ReanalysisRecord> {
    const id = randomUUID();
    return toRecord(
      await singleRow<RunRow>(this.db, `INSERT INTO reanalyses (id, organization_id, workflow_id, filters) VALUES ($1, $2, $3, $4) RETURNING *`, [
        id,
        organizationId,
        workflowIdOf(id),
        JSON.stringify(filters),
      ]),
    );
  }

  async find(organizationId: string, id: string): Promise<ReanalysisRecord | null> {
    const row = await selectRow<RunRow>(this.db, 'SELECT * FROM reanalyses WHERE id = $1 AND organization_id = $2', [id, organizationId]);
    return row && toRecord(row);
  }

  /** Marks the run started (once) and counts its calls. */
  async begin(id: string): Promise<number> {
    const run = await this.run(this.db, id);
    const conditions = runConditions(run);
    const { total } = await singleRow<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM calls c WHERE ${conditions.where}`, conditions.params);
    await this.db.query(`UPDATE reanalyses SET total = $2, started_at = COALESCE(started_at, now()), updated_at = now() WHERE id = $1`, [id, total]);
    return total;
  }

  /** The next page of the run's calls by id, with their stored turns and their script's language. */
  async page(id: string, after: string | null, pageSize: number): Promise<StoredCall[]> {
    const run = await this.run(this.db, id);
    const conditions = runConditions(run);
    if (after) conditions.add((p) => `c.id > ${p}`, after);
    const n = conditions.params.length;
    const calls = await selectRows<{
      id: string;
      outcome: CallOutcome;
      duration: number;
      llm_prompt_tokens: number;
      llm_completion_tokens: number;
      input: 'keys' | 'speech' | null;
      language: ScriptLanguage | null;
    }>(
      this.db,
      `SELECT c.id, c.outcome, c.duration, c.llm_prompt_tokens, c.llm_completion_tokens, c.ai_insights->>'input' AS input, s.language
         ${SCRIPT_OF_CALL}
        WHERE ${conditions.where} ORDER BY c.id LIMIT $${n + 1}`,
      [...conditions.params, pageSize],
    );
    const turns = await selectRows<{ call_id: string; event_data: Record<string, unknown> }>(
      this.db,
      `SELECT call_id, event_data FROM call_events
        WHERE call_id = ANY($1) AND event_type = 'ai_conversation' ORDER BY call_id, timestamp, id`,
      [calls.map((call) => call.id)],
    );
    const turnsOf = new Map<string, Record<string, unknown>[]>();
    for (const turn of turns) turnsOf.set(turn.call_id, [...(turnsOf.get(turn.call_id) ?? []), turn.event_data]);
    return calls.map((call) => ({
      id: call.id,
      outcome: call.outcome,
      duration: call.duration,
      llmPromptTokens: call.llm_prompt_tokens,
      llmCompletionTokens: call.llm_completion_tokens,
      input: call.input,
      language: call.language ?? DEFAULT_LANGUAGE,
      turns: turnsOf.get(call.id) ?? [],
    }));
  }

  /**
   * Stores a page's new analyses, in one transaction: a call without any version first keeps its current
   * analysis as version 1; then this run's version, unless the call already has one from this run (a retried
   * page, a workflow reset); the newest is shown on each call; the counters (the run's before this page plus
   * the page's, read back from the stored versions so a repeated page counts the same) go on the run's row.
   */
  async storePage(
    id: string,
    producedBy: AnalysisProducer & { kind: 'reanalysis' },
    analyses: Map<string, CallAnalysisRecord>,
    before: ReanalysisCounts,
  ): Promise<ReanalysisCounts> {
    const callIds = [...analyses.keys()];
    return this.db.transaction(async (em) => {
      // Locked in id order: two runs over the same calls wait for each other instead of deadlocking.
      await em.query('SELECT id FROM calls WHERE id = ANY($1) ORDER BY id FOR UPDATE', [callIds]);
      await em.query(
        `INSERT INTO call_analyses (call_id, organization_id, version, produced_by, transcript, emotion, intent_score, csat_score, ai_insights, cost)
         SELECT c.id, c.organization_id, 1, jsonb_build_object('kind', 'call', 'backfilledBy', $2::text),
                c.transcript, c.emotion, c.intent_score, c.csat_score, c.ai_insights, c.cost
           FROM calls c
          WHERE c.id = ANY($1) AND NOT EXISTS (SELECT 1 FROM call_analyses a WHERE a.call_id = c.id)`,
        [callIds, id],
      );
      const rows = callIds.map((callId) => {
        const analysis = analyses.get(callId)!;
        return { call_id: callId, transcript: analysis.transcript, emotion: analysis.emotion, intent_score: analysis.intentScore, csat_score: analysis.csatScore, ai_insights: analysis.insights, cost: analysis.cost };
      });
      await em.query(
        `INSERT INTO call_analyses (call_id, organization_id, version, reanalysis_id, produced_by, transcript, emotion, intent_score, csat_score, ai_insights, cost)
         SELECT c.id, c.organization_id, (SELECT max(version) FROM call_analyses WHERE call_id = c.id) + 1, $2, $3::jsonb || ${WITH_SCRIPT},
                x.transcript, x.emotion, x.intent_score, x.csat_score, x.ai_insights, x.cost
           FROM jsonb_to_recordset($1::jsonb) AS x(call_id uuid, transcript text, emotion text, intent_score numeric, csat_score int, ai_insights jsonb, cost numeric)
           JOIN calls c ON c.id = x.call_id JOIN campaigns cp ON cp.id = c.campaign_id LEFT JOIN scripts s ON s.id = cp.script_id
         ON CONFLICT (call_id, reanalysis_id) DO NOTHING`,
        [JSON.stringify(rows), id, JSON.stringify(producedBy)],
      );
      await showNewestAnalyses(em, callIds);
      const page = await singleRow<ReanalysisCounts>(
        em,
        `SELECT count(*)::int AS processed,
                count(*) FILTER (WHERE prev.call_id IS NULL
                  OR (cur.emotion, cur.intent_score, cur.csat_score, cur.ai_insights) IS DISTINCT FROM (prev.emotion, prev.intent_score, prev.csat_score, prev.ai_insights))::int AS changed,
                count(*) FILTER (WHERE first.produced_by->>'backfilledBy' = $1::text)::int AS backfilled
           FROM call_analyses cur
           LEFT JOIN LATERAL (SELECT * FROM call_analyses p WHERE p.call_id = cur.call_id AND p.version < cur.version ORDER BY p.version DESC LIMIT 1) prev ON true
           LEFT JOIN call_analyses first ON first.call_id = cur.call_id AND first.version = 1
          WHERE cur.reanalysis_id = $1::uuid AND cur.call_id = ANY($2)`,
        [id, callIds],
      );
      const counts = { processed: before.processed + page.processed, changed: before.changed + page.changed, backfilled: before.backfilled + page.backfilled };
      await em.query(
        // A page that commits after the run was cancelled leaves it cancelled.
        `UPDATE reanalyses SET processed = $2, changed = $3, backfilled = $4, updated_at = now(),
                status = CASE WHEN status = 'cancelled' THEN status ELSE 'running' END,
                finished_at = CASE WHEN status = 'cancelled' THEN finished_at END
          WHERE id = $1`,
        [id, counts.processed, counts.changed, counts.backfilled],
      );
      return counts;
    });
  }

  /** The run's state as its workflow decided it; a finished run gets its end time. */
  async recordState(id: string, status: ReanalysisStatus, counts?: ReanalysisCounts): Promise<void> {
    const finished = status === 'completed' || status === 'cancelled';
    await changeRows(
      this.db,
      `UPDATE reanalyses SET status = $2, finished_at = CASE WHEN $3 THEN COALESCE(finished_at, now()) ELSE NULL END,
              processed = COALESCE($4, processed), changed = COALESCE($5, changed), backfilled = COALESCE($6, backfilled), updated_at = now()
        WHERE id = $1`,
      [id, status, finished, counts?.processed ?? null, counts?.changed ?? null, counts?.backfilled ?? null],
    );
  }

  private async run(db: Queryable, id: string): Promise<RunRow> {
    const row = await selectRow<RunRow>(db, 'SELECT * FROM reanalyses WHERE id = $1', [id]);
    if (!row) throw new ReanalysisNotFoundError(id);
    return row;
  }
}

/** The activity turns it into a non-retryable failure named by type. */
export class ReanalysisNotFoundError extends Error {
  override name = 'ReanalysisNotFoundError';
  constructor(readonly reanalysisId: string) {
    super(`re-analysis ${reanalysisId} not found`);
  }
}

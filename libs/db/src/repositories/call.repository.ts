import { ANSWERED_OUTCOMES, type CallHandoff, POSITIVE_OUTCOMES, type RecordingStatus } from '../../../contracts/src';
import { Conditions, type Queryable, selectRow, selectRows } from './queryable';

/** Where a page ended: the last call's creation time (to the microsecond, ISO 8601) and id. */
export interface CallCursor {
  createdAt: string;
  id: string;
}

export interface CallFilters {
  campaignId?: string;
  contactId?: string;
  outcome?: string;
  emotion?: string;
  status?: string;
  /** Rehearsal calls only (true), or live calls only (false). */
  rehearsal?: boolean;
  /** Calls created at or after / before these instants. */
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
  /** Continue after this call (from a previous page), newest first. */
  after?: CallCursor;
}

/** The seed's call shape, plus what an operator needs to trace a call into Temporal and Asterisk. */
export interface CallRecord {
  id: string;
  campaignId: string;
  contactId: string;
  contactName: string;
  phone: string;
  attempt: number;
  status: string;
  outcome: string | null;
  duration: number;
  transcript: string;
  emotion: string | null;
  intentScore: number | null;
  csatScore: number | null;
  aiInsights: Record<string, unknown> | null;
  /** The dial-time gate's decision (calling window, DNC, attempt budget), shown with the call. */
  compliance: Record<string, unknown> | null;
  cost: number;
  /** Tokens the language model billed over the call's turns (part of `cost`). */
  llmPromptTokens: number;
  llmCompletionTokens: number;
  automated: boolean;
  /** How a handoff to a person went (who took the call, how long the customer waited), when there was one. */
  handoff: CallHandoff | null;
  /** A rehearsal's call, and the simulated customer's behaviour it was dialed to. */
  rehearsal: boolean;
  rehearsalBehaviour: string | null;
  dialStatus: string | null;
  hangupCause: number | null;
  hangupCauseText: string | null;
  workflowId: string;
  channelId: string;
  /** Null when the call was not recorded; `stored` when GET /calls/{id}/recording serves it. */
  recordingStatus: RecordingStatus | null;
  /** When the retention period deleted the recording. */
  recordingDeletedAt: Date | null;
  dialedAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  createdAt: Date;
}

/** Calls by outcome or emotion, e.g. { interested: 3, busy: 1 }; calls without one count under "none". */
export type Distribution = Record<string, number>;

export interface CallMetrics {
  totalCalls: number;
  answeredCalls: number;
  positiveOutcomes: number;
  /** Positive outcomes per answered call, 0..1. */
  successRate: number;
  /** Seconds, over answered calls. */
  averageDuration: number;
  csatAverage: number | null;
  totalCost: number;
  outcomeDistribution: Distribution;
  emotionDistribution: Distribution;
}

/** The organization's calls, optionally of one campaign, created in [from, to). */
export interface CallScope {
  organizationId: string;
  campaignId?: string;
  from?: Date;
  to?: Date;
}

interface CallRow {
  id: string;
  campaign_id: string;
  contact_id: string;
  attempt: number;
  first_name: string;
  last_name: string;
  phone: string;
  status: string;
  outcome: string | null;
  duration: number;
  transcript: string;
  emotion: string | null;
  intent_score: string | null;
  csat_score: number | null;
  ai_insights: Record<string, unknown> | null;
  compliance: Record<string, unknown> | null;
  cost: string;
  llm_prompt_tokens: number;
  llm_completion_tokens: number;
  automated: boolean;
  handoff: CallHandoff | null;
  rehearsal: boolean;
  rehearsal_behaviour: string | null;
  hangup_cause: number | null;
  hangup_cause_text: string | null;
  dial_status: string | null;
  workflow_id: string;
  channel_id: string;
  recording_status: RecordingStatus | null;
  recording_deleted_at: Date | null;
  dialed_at: Date | null;
  answered_at: Date | null;
  ended_at: Date | null;
  created_at: Date;
  cursor_at: string;
}

function toRecord(row: CallRow): CallRecord {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    contactId: row.contact_id,
    contactName: `${row.first_name} ${row.last_name}`.trim(),
    phone: row.phone,
    attempt: row.attempt,
    status: row.status,
    outcome: row.outcome,
    duration: row.duration,
    transcript: row.transcript,
    emotion: row.emotion,
    intentScore: row.intent_score === null ? null : Number(row.intent_score),
    csatScore: row.csat_score,
    aiInsights: row.ai_insights,
    compliance: row.compliance,
    cost: Number(row.cost),
    llmPromptTokens: row.llm_prompt_tokens,
    llmCompletionTokens: row.llm_completion_tokens,
    automated: row.automated,
    handoff: row.handoff,
    rehearsal: row.rehearsal,
    rehearsalBehaviour: row.rehearsal_behaviour,
    dialStatus: row.dial_status,
    hangupCause: row.hangup_cause,
    hangupCauseText: row.hangup_cause_text,
    workflowId: row.workflow_id,
    channelId: row.channel_id,
    recordingStatus: row.recording_status,
    recordingDeletedAt: row.recording_deleted_at,
    dialedAt: row.dialed_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    createdAt: row.created_at,
  };
}

// cursor_at keeps the microseconds a JavaScript Date would lose, so a cursor never skips or repeats a call.
const SELECT_CALL = `
  SELECT c.*, ct.first_name, ct.last_name, ct.phone,
         to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
    FROM calls c JOIN contacts ct ON ct.id = c.contact_id`;

function scopeConditions(scope: CallScope): Conditions {
  const conditions = new Conditions();
  conditions.add((p) => `c.organization_id = ${p}`, scope.organizationId);
  if (scope.campaignId) conditions.add((p) => `c.campaign_id = ${p}`, scope.campaignId);
  if (scope.from) conditions.add((p) => `c.created_at >= ${p}`, scope.from);
  if (scope.to) conditions.add((p) => `c.created_at < ${p}`, scope.to);
  return conditions;
}

export class CallRepository {
  constructor(private readonly db: Queryable) {}

  /** A page of calls, newest first, and where the next page starts when there may be one. */
  async list(organizationId: string, filters: CallFilters): Promise<{ calls: CallRecord[]; next: CallCursor | null }> {
    const conditions = scopeConditions({ organizationId, campaignId: filters.campaignId, from: filters.from, to: filters.to });
    if (filters.contactId) conditions.add((p) => `c.contact_id = ${p}`, filters.contactId);
    if (filters.outcome) conditions.add((p) => `c.outcome = ${p}`, filters.outcome);
    if (filters.emotion) conditions.add((p) => `c.emotion = ${p}`, filters.emotion);
    if (filters.status) conditions.add((p) => `c.status = ${p}`, filters.status);
    if (filters.rehearsal !== undefined) conditions.add((p) => `c.rehearsal = ${p}`, filters.rehearsal);
    if (filters.after) conditions.add((at, id) => `(c.created_at, c.id) < (${at}::timestamptz, ${id}::uuid)`, filters.after.createdAt, filters.after.id);
    const n = conditions.params.length;
    const rows = await selectRows<CallRow>(
      this.db,
      `${SELECT_CALL} WHERE ${conditions.where} ORDER BY c.created_at DESC, c.id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...conditions.params, filters.limit, filters.offset],
    );
    const last = rows.at(-1);
    return { calls: rows.map(toRecord), next: last && rows.length === filters.limit ? { createdAt: last.cursor_at, id: last.id } : null };
  }

  /** Every call the filters match (limit and offset aside), a page of `pageSize` at a time. */
  async *pages(organizationId: string, filters: CallFilters, pageSize: number): AsyncGenerator<CallRecord[]> {
    let after = filters.after;
    for (;;) {
      const page = await this.list(organizationId, { ...filters, after, limit: pageSize, offset: 0 });
      yield page.calls;
      if (!page.next) return;
      after = page.next;
    }
  }

  async find(organizationId: string, id: string): Promise<CallRecord | null> {
    const row = await selectRow<CallRow>(this.db, `${SELECT_CALL} WHERE c.id = $1 AND c.organization_id = $2`, [id, organizationId]);
    return row && toRecord(row);
  }

  /** The recorded exchanges of a call, in the order they happened. */
  conversationEvents(callId: string): Promise<{ eventData: Record<string, unknown>; timestamp: Date }[]> {
    return selectRows(
      this.db,
      `SELECT event_data AS "eventData", timestamp FROM call_events
        WHERE call_id = $1 AND event_type = 'ai_conversation' ORDER BY timestamp, id`,
      [callId],
    );
  }

  /**
   * Metrics over the calls in scope. Gate refusals (`not_dialed`) are not calls and are left out, and so are
   * rehearsals: simulated customers say nothing about how the campaign does.
   */
  async metrics(scope: CallScope): Promise<CallMetrics> {
    const conditions = scopeConditions(scope);
    const n = conditions.params.length;
    // One pass over the calls: the totals, and counts by outcome and by emotion, as three grouping sets.
    const rows = await selectRows<{
      all_outcomes: number;
      all_emotions: number;
      outcome: string;
      emotion: string;
      total: number;
      answered: number;
      positive: number;
      avg_duration: number;
      csat: number | null;
      cost: number;
    }>(
      this.db,
      `SELECT GROUPING(c.outcome)::int AS all_outcomes, GROUPING(c.emotion)::int AS all_emotions,
              COALESCE(c.outcome, 'none') AS outcome, COALESCE(c.emotion, 'none') AS emotion,
              count(*)::int AS total,
              count(*) FILTER (WHERE c.outcome = ANY($${n + 1}))::int AS answered,
              count(*) FILTER (WHERE c.outcome = ANY($${n + 2}))::int AS positive,
              COALESCE(avg(c.duration) FILTER (WHERE c.outcome = ANY($${n + 1})), 0)::float AS avg_duration,
              avg(c.csat_score)::float AS csat,
              COALESCE(sum(c.cost), 0)::float AS cost
         FROM calls c WHERE ${conditions.where} AND c.status <> 'not_dialed' AND NOT c.rehearsal
        GROUP BY GROUPING SETS ((), (c.outcome), (c.emotion))
        ORDER BY total DESC`,
      [...conditions.params, ANSWERED_OUTCOMES, POSITIVE_OUTCOMES],
    );
    const totals = rows.find((row) => row.all_outcomes === 1 && row.all_emotions === 1) ?? { total: 0, answered: 0, positive: 0, avg_duration: 0, csat: null, cost: 0 };
    const distribution = (by: 'outcome' | 'emotion'): Distribution =>
      Object.fromEntries(rows.filter((row) => (by === 'outcome' ? row.all_outcomes === 0 : row.all_emotions === 0)).map((row) => [row[by], row.total]));
    return {
      totalCalls: totals.total,
      answeredCalls: totals.answered,
      positiveOutcomes: totals.positive,
      successRate: totals.answered ? Math.round((totals.positive / totals.answered) * 1000) / 1000 : 0,
      averageDuration: Math.round(totals.avg_duration * 10) / 10,
      csatAverage: totals.csat === null ? null : Math.round(totals.csat * 100) / 100,
      totalCost: Math.round(totals.cost * 10000) / 10000,
      outcomeDistribution: distribution('outcome'),
      emotionDistribution: distribution('emotion'),
    };
  }
}

import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { csvLine } from '../common/csv';

export interface CallFilters {
  campaignId?: string;
  contactId?: string;
  outcome?: string;
  emotion?: string;
  status?: string;
  /** Calls created at or after / before these instants. */
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
  /** Continue after this call (from a previous page's nextCursor), newest first. */
  after?: CallCursor;
}

/** Where a page ended: the last call's creation time (to the microsecond) and id. */
export interface CallCursor {
  createdAt: string;
  id: string;
}

const EXPORT_PAGE = 1_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(cursor: CallCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`).toString('base64url');
}

/** Undefined when the text is not a cursor this API issued. */
export function decodeCursor(text: string): CallCursor | undefined {
  const [createdAt, id] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  return createdAt && id && CURSOR_TIME.test(createdAt) && UUID.test(id) ? { createdAt, id } : undefined;
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
  automated: boolean;
  hangup_cause: number | null;
  hangup_cause_text: string | null;
  dial_status: string | null;
  workflow_id: string;
  channel_id: string;
  dialed_at: Date | null;
  answered_at: Date | null;
  ended_at: Date | null;
  created_at: Date;
  cursor_at: string;
}

/** The seed's call shape, plus what an operator needs to trace a call into Temporal and Asterisk. */
function present(row: CallRow) {
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
    /** The dial-time gate's decision (calling window, DNC, consent), shown with the call. */
    compliance: row.compliance,
    cost: Number(row.cost),
    automated: row.automated,
    dialStatus: row.dial_status,
    hangupCause: row.hangup_cause,
    hangupCauseText: row.hangup_cause_text,
    workflowId: row.workflow_id,
    channelId: row.channel_id,
    dialedAt: row.dialed_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    createdAt: row.created_at,
  };
}

const SELECT_CALL = `
  SELECT c.*, ct.first_name, ct.last_name, ct.phone,
         to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
    FROM calls c JOIN contacts ct ON ct.id = c.contact_id`;

@Injectable()
export class CallsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A page of calls, newest first, and the cursor of the next page when there may be one. */
  async list(organizationId: string, filters: CallFilters) {
    const where = ['c.organization_id = $1'];
    const params: unknown[] = [organizationId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filters.campaignId) add('c.campaign_id = ?', filters.campaignId);
    if (filters.contactId) add('c.contact_id = ?', filters.contactId);
    if (filters.outcome) add('c.outcome = ?', filters.outcome);
    if (filters.emotion) add('c.emotion = ?', filters.emotion);
    if (filters.status) add('c.status = ?', filters.status);
    if (filters.from) add('c.created_at >= ?', filters.from);
    if (filters.to) add('c.created_at < ?', filters.to);
    if (filters.after) {
      params.push(filters.after.createdAt, filters.after.id);
      where.push(`(c.created_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(filters.limit, filters.offset);
    const rows = (await this.db.query(
      `${SELECT_CALL} WHERE ${where.join(' AND ')}
        ORDER BY c.created_at DESC, c.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    )) as CallRow[];
    const last = rows.at(-1);
    return {
      calls: rows.map(present),
      nextCursor: last && rows.length === filters.limit ? encodeCursor({ createdAt: last.cursor_at, id: last.id }) : null,
    };
  }

  /** Every call the filters match (limit and offset aside) as CSV lines, read page by page. */
  async *exportCsv(organizationId: string, filters: CallFilters): AsyncGenerator<string> {
    const columns = ['id', 'createdAt', 'campaignId', 'contactName', 'phone', 'attempt', 'status', 'outcome', 'duration', 'emotion', 'intentScore', 'csatScore', 'cost', 'hangupCauseText', 'transcript'] as const;
    yield csvLine([...columns]);
    let after = filters.after;
    for (;;) {
      const page = await this.list(organizationId, { ...filters, after, limit: EXPORT_PAGE, offset: 0 });
      yield page.calls.map((call) => csvLine(columns.map((column) => call[column]))).join('');
      if (!page.nextCursor) return;
      after = decodeCursor(page.nextCursor);
    }
  }

  async get(organizationId: string, id: string) {
    const [row] = (await this.db.query(`${SELECT_CALL} WHERE c.id = $1 AND c.organization_id = $2`, [
      id,
      organizationId,
    ])) as CallRow[];
    if (!row) throw new NotFoundException(`Call ${id} not found`);
    return present(row);
  }

  async conversation(organizationId: string, id: string) {
    const call = await this.get(organizationId, id);
    const events = (await this.db.query(
      `SELECT event_data, timestamp FROM call_events
        WHERE call_id = $1 AND event_type = 'ai_conversation' ORDER BY timestamp, id`,
      [id],
    )) as { event_data: Record<string, unknown>; timestamp: Date }[];
    return {
      call,
      conversationHistory: events.map((e) => ({ ...e.event_data, timestamp: e.timestamp.toISOString() })),
    };
  }

  async campaignCounts(campaignId: string) {
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE status IN ('contacted', 'failed', 'dnc'))::int AS processed
         FROM contacts WHERE campaign_id = $1`,
      [campaignId],
    )) as { total: number; processed: number }[];
    return { totalContacts: row?.total ?? 0, processedContacts: row?.processed ?? 0 };
  }
}

import { type AnalysisProducer, type CallAnalysisRecord, storeCallAnalysis } from './call-analyses';
import { selectRow, selectRows, singleRow } from './queryable';
import type { DataSource, EntityManager } from 'typeorm';
import {
  type CallHandoff,
  type CallOutcome,
  type CallSettings,
  type CallStatus,
  type CallingWindow,
  DEFAULT_LANGUAGE,
  type HandoffSettings,
  type RehearsalBehaviour,
  type ReserveCallInput,
  type ScriptLanguage,
} from '../../../contracts/src';

/** Everything a call needs to know about its contact, campaign, script and organization. */
export interface CallContext {
  callId: string;
  organizationId: string;
  organizationName: string;
  campaignId: string;
  campaignStatus: string;
  callSettings: Partial<CallSettings>;
  callingWindow: CallingWindow | null;
  callerId: string;
  /** The campaign's handoff to a person, or null (off). */
  handoff: HandoffSettings | null;
  contact: {
    id: string;
    phone: string;
    timezone: string | null;
    fields: Record<string, string>;
  };
  script: {
    mainPitch: string;
    objectionHandling: Record<string, string>;
    closing: string;
    followUp: string;
    voicemailMessage: string;
    language: ScriptLanguage;
  } | null;
  /** Set once the attempt ended (a run that replays it must not dial again). */
  endedOutcome: CallOutcome | null;
  /** A rehearsal's call: its customer is simulated, so an opt-out puts no number on the do-not-call list. */
  rehearsal: boolean;
}

interface ContextRow {
  call_id: string;
  organization_id: string;
  organization_name: string;
  campaign_id: string;
  campaign_status: string;
  call_settings: Partial<CallSettings>;
  calling_window: CallingWindow | null;
  caller_id: string;
  handoff: HandoffSettings | null;
  contact_id: string;
  phone: string;
  timezone: string | null;
  first_name: string;
  last_name: string;
  company: string;
  custom_fields: Record<string, string>;
  main_pitch: string | null;
  objection_handling: Record<string, string> | null;
  closing: string | null;
  follow_up: string | null;
  voicemail_message: string | null;
  language: ScriptLanguage | null;
  outcome: CallOutcome | null;
  ended_at: Date | null;
  rehearsal: boolean;
}

const CONTEXT = `
  SELECT c.id AS call_id, c.organization_id, o.name AS organization_name, c.campaign_id,
         cp.status AS campaign_status, cp.call_settings, cp.calling_window, cp.caller_id, cp.handoff,
         ct.id AS contact_id, ct.phone, ct.timezone, ct.first_name, ct.last_name, ct.company, ct.custom_fields,
         s.main_pitch, s.objection_handling, s.closing, s.follow_up, s.voicemail_message, s.language,
         c.outcome, c.ended_at, c.rehearsal
    FROM calls c
    JOIN contacts ct ON ct.id = c.contact_id
    JOIN campaigns cp ON cp.id = c.campaign_id
    JOIN organizations o ON o.id = c.organization_id
    LEFT JOIN scripts s ON s.id = cp.script_id`;

const toContext = (row: ContextRow): CallContext => ({
  callId: row.call_id,
  organizationId: row.organization_id,
  organizationName: row.organization_name,
  campaignId: row.campaign_id,
  campaignStatus: row.campaign_status,
  callSettings: row.call_settings,
  callingWindow: row.calling_window,
  callerId: row.caller_id,
  handoff: row.handoff,
  contact: {
    id: row.contact_id,
    phone: row.phone,
    timezone: row.timezone,
    fields: { first_name: row.first_name, last_name: row.last_name, company: row.company, ...row.custom_fields },
  },
  script:
    row.main_pitch === null
      ? null
      : {
          mainPitch: row.main_pitch,
          objectionHandling: row.objection_handling ?? {},
          closing: row.closing ?? '',
          followUp: row.follow_up ?? '',
          voicemailMessage: row.voicemail_message ?? '',
          language: row.language ?? DEFAULT_LANGUAGE,
        },
  endedOutcome: row.ended_at ? row.outcome : null,
  rehearsal: row.rehearsal,
});

export interface CallEnd {
  status: CallStatus;
  outcome: CallOutcome;
  dialStatus: string | null;
  hangupCause: number | null;
  hangupCauseText: string | null;
  dialedAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date;
  compliance: unknown;
}

/** Tokens a language model billed. */
export interface LlmTokens {
  promptTokens: number;
  completionTokens: number;
}

/**
 * One call attempt's row and its lifecycle events, as the engine writes them: reserved, dialed, answered,
 * each conversation exchange, ended, analysed. Event rows carry a dedupe key so a retried write lands once.
 */
export class CallAttempts {
  constructor(private readonly db: DataSource) {}

  /**
   * The calls row of this attempt (unique on contact + attempt), created once before anything is dialed; a
   * rehearsal campaign's attempt is marked as rehearsal from the start, also when the gate then refuses it.
   */
  async reserve(input: ReserveCallInput): Promise<CallContext | undefined> {
    await this.db.query(
      `INSERT INTO calls (organization_id, campaign_id, contact_id, attempt, workflow_id, channel_id, rehearsal)
       SELECT ct.organization_id, ct.campaign_id, ct.id, $3, $4, $5, cp.mode = 'rehearsal'
         FROM contacts ct JOIN campaigns cp ON cp.id = ct.campaign_id WHERE ct.id = $2 AND ct.campaign_id = $1
       ON CONFLICT (contact_id, attempt) DO NOTHING`,
      [input.campaignId, input.contactId, input.attempt, input.workflowId, input.channelId],
    );
    const row = await selectRow<ContextRow>(this.db, `${CONTEXT} WHERE c.contact_id = $1 AND c.attempt = $2`, [input.contactId, input.attempt]);
    return row ? toContext(row) : undefined;
  }

  async context(callId: string): Promise<CallContext | undefined> {
    const row = await selectRow<ContextRow>(this.db, `${CONTEXT} WHERE c.id = $1`, [callId]);
    return row ? toContext(row) : undefined;
  }

  /**
   * The dial fence: true for the one caller that may dial this attempt, false for any later one (a re-run
   * of the step after a crash must not dial again). Also the seed's `call_initiated` event; the call rings.
   * A rehearsal's dial records the simulated customer's behaviour it goes to. A call no organization limit
   * admitted counts as admitted from its dial, so a limit set while it is up counts it in flight.
   */
  requestDial(callId: string, dialedAt: Date, details: Record<string, unknown>, rehearsalBehaviour: RehearsalBehaviour | null = null): Promise<boolean> {
    return this.advance(callId, `status = 'ringing', dialed_at = $2, admitted_at = COALESCE(admitted_at, $2), rehearsal_behaviour = $3`, dialedAt, 'call_initiated', details, 'dialed_at IS NULL', [
      rehearsalBehaviour,
    ]);
  }

  /** The callee answered: the call is in progress from now, for anyone watching it live. */
  async markAnswered(callId: string, answeredAt: Date): Promise<void> {
    await this.advance(callId, `status = 'in_progress', answered_at = COALESCE(answered_at, $2)`, answeredAt, 'call_answered', {});
  }

  /** A step of a call still going (never after its end), and its lifecycle event, in one transaction. True when it applied. */
  private async advance(callId: string, changes: string, at: Date, event: string, data: unknown, condition = 'true', more: unknown[] = []): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const [rows] = (await em.query(
        `UPDATE calls SET ${changes}, updated_at = now() WHERE id = $1 AND ended_at IS NULL AND ${condition} RETURNING organization_id`,
        [callId, at, ...more],
      )) as [{ organization_id: string }[], number];
      if (rows[0]) await this.appendEvent(em, callId, rows[0].organization_id, event, data, at);
      return rows[0] !== undefined;
    });
  }

  /**
   * Dialed attempts and requested callbacks of a contact, from its call rows since its campaign's last reset
   * (a rehearsal's calls spend nothing of the live run's budget). `exceptCallId` leaves one attempt out: the
   * gate judges an attempt on the others, so a re-run of its step after its own dial still finds the fence.
   */
  async history(contactId: string, em: EntityManager = this.db.manager, exceptCallId: string | null = null): Promise<{ dialed: number; callbacks: number }> {
    return singleRow<{ dialed: number; callbacks: number }>(
      em,
      `SELECT count(*) FILTER (WHERE c.dialed_at IS NOT NULL)::int AS dialed,
              count(*) FILTER (WHERE c.outcome = 'callback')::int AS callbacks
         FROM calls c JOIN contacts ct ON ct.id = c.contact_id
        WHERE c.contact_id = $1 AND c.attempt > ct.attempt_base AND ($2::uuid IS NULL OR c.id <> $2::uuid)`,
      [contactId, exceptCallId],
    );
  }

  /**
   * The attempt's end and its `call_ended` event, inside the caller's transaction; undefined when there is no such call.
   * The dial time is the fence's, once set: a re-run of the dial step after a crash knows only its own, later, time.
   */
  async end(
    em: EntityManager,
    callId: string,
    end: CallEnd,
  ): Promise<{ rehearsal: boolean; organizationId: string; campaignId: string; dialedAt: Date | null } | undefined> {
    const duration = end.answeredAt ? Math.max(0, Math.round((end.endedAt.getTime() - end.answeredAt.getTime()) / 1000)) : 0;
    const [rows] = (await em.query(
      `UPDATE calls SET status = $2, outcome = $3, dial_status = $4, hangup_cause = $5, hangup_cause_text = $6,
              dialed_at = COALESCE(dialed_at, $7), answered_at = COALESCE($8, answered_at), ended_at = $9,
              duration = $10, compliance = $11, updated_at = now()
        WHERE id = $1 RETURNING organization_id, campaign_id, rehearsal, dialed_at`,
      [callId, end.status, end.outcome, end.dialStatus, end.hangupCause, end.hangupCauseText, end.dialedAt, end.answeredAt, end.endedAt, duration, end.compliance === null ? null : JSON.stringify(end.compliance)],
    )) as [{ organization_id: string; campaign_id: string; rehearsal: boolean; dialed_at: Date | null }[], number];
    const row = rows[0];
    if (!row) return undefined;
    await this.appendEvent(em, callId, row.organization_id, 'call_ended', { outcome: end.outcome, status: end.status, hangupCause: end.hangupCause, duration }, end.endedAt);
    return { rehearsal: row.rehearsal, organizationId: row.organization_id, campaignId: row.campaign_id, dialedAt: row.dialed_at };
  }

  async appendEvent(
    em: EntityManager,
    callId: string,
    organizationId: string,
    type: string,
    data: unknown,
    at: Date = new Date(),
    dedupeKey: string = type,
  ): Promise<void> {
    await em.query(
      `INSERT INTO call_events (call_id, organization_id, event_type, event_data, dedupe_key, timestamp)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [callId, organizationId, type, JSON.stringify(data), dedupeKey, at],
    );
  }

  /**
   * One exchange of the conversation; `turn` keys it, so a retried turn is written once. A declined
   * recording is an exchange of its own, outside the numbered turns (the model's history leaves it out).
   */
  async appendTurn(callId: string, organizationId: string, turn: number | 'recording-declined', exchange: unknown): Promise<void> {
    await this.appendEvent(this.db.manager, callId, organizationId, 'ai_conversation', exchange, new Date(), `turn-${turn}`);
  }

  /** The call's exchanges in order; with `before`, only those of earlier turns (a retried turn never sees itself). */
  async turns<T>(callId: string, before?: number): Promise<T[]> {
    const earlier = before === undefined ? null : Array.from({ length: before }, (_, turn) => `turn-${turn}`);
    const rows = await selectRows<{ event_data: T }>(
      this.db,
      `SELECT event_data FROM call_events
        WHERE call_id = $1 AND event_type = 'ai_conversation' AND ($2::text[] IS NULL OR dedupe_key = ANY($2))
        ORDER BY timestamp, id`,
      [callId, earlier],
    );
    return rows.map((r) => r.event_data);
  }

  /**
   * Adds the tokens of one model request to the call. A retried turn asks the model again and is billed
   * again, so every request adds, retries included.
   */
  async addLlmUsage(callId: string, usage: LlmTokens): Promise<void> {
    await this.db.query(
      `UPDATE calls SET llm_prompt_tokens = llm_prompt_tokens + $2, llm_completion_tokens = llm_completion_tokens + $3, updated_at = now()
        WHERE id = $1`,
      [callId, usage.promptTokens, usage.completionTokens],
    );
  }

  async llmUsage(callId: string): Promise<LlmTokens> {
    const row = await selectRow<{ prompt: number; completion: number }>(
      this.db,
      'SELECT llm_prompt_tokens AS prompt, llm_completion_tokens AS completion FROM calls WHERE id = $1',
      [callId],
    );
    return { promptTokens: row?.prompt ?? 0, completionTokens: row?.completion ?? 0 };
  }

  /** The analysis made at the end of the call: stored as a version of its own and shown on the call. */
  async saveAnalysis(callId: string, analysis: CallAnalysisRecord, producedBy: AnalysisProducer): Promise<void> {
    await this.db.transaction((em) => storeCallAnalysis(em, callId, analysis, producedBy));
  }

  async saveHandoff(callId: string, handoff: CallHandoff): Promise<void> {
    await this.db.query('UPDATE calls SET handoff = $2, updated_at = now() WHERE id = $1', [callId, JSON.stringify(handoff)]);
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}

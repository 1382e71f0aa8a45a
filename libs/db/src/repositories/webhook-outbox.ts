import type { CampaignStatus, ContactStatus, WebhookEventType } from '../../../contracts/src';
import { type Queryable, selectRow } from './queryable';

/** Writes only while the organization has an enabled endpoint: an organization without webhooks keeps no outbox. */
const HAS_ENDPOINT = `EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.organization_id = $1 AND w.enabled)`;

/**
 * The webhook outbox, written inside the transaction that records the fact. Each fact has one row
 * (unique on type and subject): a re-run of the write answers the row already there.
 */
export class WebhookOutbox {
  constructor(private readonly db: Queryable) {}

  /** `call.finished` from the call's row as it was just saved; null when the organization has no endpoint. */
  async callFinished(callId: string, contactStatus: ContactStatus): Promise<string | null> {
    const call = await selectRow<{ organization_id: string }>(this.db, 'SELECT organization_id FROM calls WHERE id = $1', [callId]);
    if (!call) return null;
    const inserted = await selectRow<{ id: string }>(
      this.db,
      `INSERT INTO webhook_events (organization_id, event_type, subject, data, occurred_at)
       SELECT c.organization_id, 'call.finished', c.id::text,
              jsonb_build_object(
                'callId', c.id, 'campaignId', c.campaign_id, 'contactId', c.contact_id, 'phone', ct.phone,
                'attempt', c.attempt, 'status', c.status, 'outcome', c.outcome, 'contactStatus', $3::text,
                'dialStatus', c.dial_status, 'hangupCause', c.hangup_cause, 'hangupCauseText', c.hangup_cause_text,
                'durationSeconds', c.duration, 'compliance', c.compliance, 'handoff', c.handoff,
                'dialedAt', c.dialed_at, 'answeredAt', c.answered_at, 'endedAt', c.ended_at,
                'analysis', CASE WHEN c.emotion IS NULL AND c.ai_insights IS NULL AND c.transcript = '' THEN NULL
                  ELSE jsonb_build_object('transcript', c.transcript, 'emotion', c.emotion, 'intentScore', c.intent_score,
                                          'csatScore', c.csat_score, 'insights', c.ai_insights, 'cost', c.cost) END),
              COALESCE(c.ended_at, now())
         FROM calls c JOIN contacts ct ON ct.id = c.contact_id
        WHERE c.id = $2 AND ${HAS_ENDPOINT}
       ON CONFLICT (event_type, subject) DO NOTHING RETURNING id`,
      [call.organization_id, callId, contactStatus],
    );
    return inserted?.id ?? (await this.existing('call.finished', callId));
  }

  /** A campaign's state change; `subject` names the change (campaign and workflow time), so a re-run writes it once. */
  async campaignChanged(change: {
    organizationId: string;
    campaignId: string;
    campaignName: string;
    type: WebhookEventType;
    status: CampaignStatus;
    previousStatus: CampaignStatus;
    reason: string | null;
    at: string;
  }): Promise<string | null> {
    const subject = campaignSubject(change.campaignId, change.at);
    const data = {
      campaignId: change.campaignId,
      campaignName: change.campaignName,
      status: change.status,
      previousStatus: change.previousStatus,
      reason: change.reason,
      changedAt: change.at,
    };
    const inserted = await selectRow<{ id: string }>(
      this.db,
      `INSERT INTO webhook_events (organization_id, event_type, subject, data, occurred_at)
       SELECT $1, $2, $3, $4, $5 WHERE ${HAS_ENDPOINT}
       ON CONFLICT (event_type, subject) DO NOTHING RETURNING id`,
      [change.organizationId, change.type, subject, JSON.stringify(data), change.at],
    );
    return inserted?.id ?? (await this.existing(change.type, subject));
  }

  /** The event of a state change already recorded (a re-run sees no transition any more, but may owe its delivery). */
  async campaignEventOf(campaignId: string, at: string): Promise<string | null> {
    const sql = `SELECT id FROM webhook_events WHERE subject = $1 AND event_type LIKE 'campaign.%'`;
    return (await selectRow<{ id: string }>(this.db, sql, [campaignSubject(campaignId, at)]))?.id ?? null;
  }

  private async existing(type: WebhookEventType, subject: string): Promise<string | null> {
    return (await selectRow<{ id: string }>(this.db, 'SELECT id FROM webhook_events WHERE event_type = $1 AND subject = $2', [type, subject]))?.id ?? null;
  }
}

const campaignSubject = (campaignId: string, at: string) => `${campaignId}@${at}`;

/** The event a recorded state change announces, if any: entering pause, leaving it, stopping, completing. */
export function campaignEventType(previous: CampaignStatus, next: CampaignStatus): WebhookEventType | null {
  if (previous === next) return null;
  if (next === 'paused') return 'campaign.paused';
  if (next === 'active') return previous === 'paused' ? 'campaign.resumed' : null;
  if (next === 'stopped') return 'campaign.stopped';
  if (next === 'completed') return 'campaign.completed';
  return null;
}

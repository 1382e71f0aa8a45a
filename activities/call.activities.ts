import type { DataSource } from 'typeorm';
import type { CallOutcome, CallSettings, CallStatus } from '../libs/contracts/src';
import { Call, Campaign, Contact, Organization, Script } from '../libs/db/src';
import { buildGreeting } from '../libs/conversation/src';
import type { ChannelSnapshot, OriginateResult, TelephonyGateway } from '../libs/telephony/src/telephony.gateway';
import { effectiveWindow, isCallableAt, nextCallableAt } from '../libs/compliance/src/calling-window';
import { contactZones } from '../libs/compliance/src/timezone';
import type { CallingWindow } from '../libs/compliance/src/calling-window';
import { resolveCallSettings } from './call-settings';
import { type ContactNextState, attemptBudget, nextContactState } from './contact-outcome';

export interface CallActivityDeps {
  dataSource: DataSource;
  telephony: TelephonyGateway;
  callDefaults: CallSettings;
  dialing: { dialStringTemplate: string; answeredContext: string; callerId: string };
  /** Where Asterisk runs the conversation of an answered call: this worker's FastAGI server. */
  agiUrl: string;
}

export interface ReserveCallInput {
  campaignId: string;
  contactId: string;
  attempt: number;
  workflowId: string;
  channelId: string;
}

export interface ReservedCall {
  callId: string;
  organizationId: string;
  phone: string;
  timezone: string | null;
  callingWindow: CallingWindow | null;
  greeting: string;
  settings: CallSettings;
  /** Set when this attempt already ended in an earlier run: nothing is dialed again. */
  finishedOutcome: CallOutcome | null;
}

export type ComplianceReason =
  | 'ok'
  | 'dnc'
  | 'attempt_cap'
  | 'campaign_paused'
  | 'timezone_unknown'
  | 'outside_window'
  | 'no_calling_window';

export interface ComplianceDecision {
  allowed: boolean;
  reason: ComplianceReason;
  checkedAt: string;
  /** When a refused contact may be tried again (the window opens, the campaign resumes); null: never. */
  retryAt: string | null;
  evidence: Record<string, unknown>;
}

export interface CompleteCallInput {
  callId: string;
  contactId: string;
  attempt: number;
  status: CallStatus;
  outcome: CallOutcome;
  dialStatus: string | null;
  hangupCause: number | null;
  hangupCauseText: string | null;
  dialedAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  settings: CallSettings;
  compliance: ComplianceDecision | null;
  /** When the customer asked to be called back (the conversation's callback outcome). */
  callbackAt?: string | null;
}

/** A gate refusal: on do-not-call for good, back in the queue when a time is known, else failed. */
function refusedContactState(decision: ComplianceDecision): ContactNextState {
  if (decision.reason === 'dnc') return { status: 'dnc', nextAttemptAt: null };
  if (decision.retryAt) return { status: 'retry', nextAttemptAt: new Date(decision.retryAt) };
  return { status: 'failed', nextAttemptAt: null };
}

type Query = (sql: string, params: unknown[]) => Promise<unknown>;

export function createCallActivities({ dataSource, telephony, callDefaults, dialing, agiUrl }: CallActivityDeps) {
  /** Dialed attempts and requested callbacks of a contact, from its call rows. */
  async function attemptHistory(contactId: string, query: Query = dataSource.query.bind(dataSource)) {
    const [row] = (await query(
      `SELECT count(*) FILTER (WHERE dialed_at IS NOT NULL)::int AS dialed,
              count(*) FILTER (WHERE outcome = 'callback')::int AS callbacks
         FROM calls WHERE contact_id = $1`,
      [contactId],
    )) as { dialed: number; callbacks: number }[];
    return { dialed: row?.dialed ?? 0, callbacks: row?.callbacks ?? 0 };
  }

  return {
    /** Reserves the calls row of this attempt (unique on contact + attempt) before anything is dialed. */
    async reserveCallAttempt(input: ReserveCallInput): Promise<ReservedCall> {
      const contact = await dataSource.getRepository(Contact).findOneByOrFail({ id: input.contactId });
      const campaign = await dataSource.getRepository(Campaign).findOneByOrFail({ id: input.campaignId });
      const organization = await dataSource.getRepository(Organization).findOneByOrFail({ id: contact.organizationId });
      const script = campaign.scriptId
        ? await dataSource.getRepository(Script).findOneBy({ id: campaign.scriptId })
        : null;
      await dataSource.query(
        `INSERT INTO calls (organization_id, campaign_id, contact_id, attempt, workflow_id, channel_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (contact_id, attempt) DO NOTHING`,
        [contact.organizationId, input.campaignId, input.contactId, input.attempt, input.workflowId, input.channelId],
      );
      const call = await dataSource
        .getRepository(Call)
        .findOneByOrFail({ contactId: input.contactId, attempt: input.attempt });
      const fields = {
        first_name: contact.firstName,
        last_name: contact.lastName,
        company: contact.company,
        ...contact.customFields,
      };
      return {
        callId: call.id,
        organizationId: contact.organizationId,
        phone: contact.phone,
        timezone: contact.timezone,
        callingWindow: campaign.callingWindow,
        greeting: buildGreeting({
          organizationName: organization.name,
          mainPitch: script?.mainPitch ?? 'We will call you back another time. Goodbye.',
          fields,
        }),
        settings: resolveCallSettings(callDefaults, campaign.callSettings),
        finishedOutcome: call.endedAt ? call.outcome : null,
      };
    },

    /**
     * The last check before a dial, fail closed: the campaign still runs, the number is not on the
     * organization's do-not-call list, the attempt budget is not spent, and it is inside the calling window
     * in every time zone of the contact. Its inputs stay in the workflow history as evidence.
     */
    async checkCompliance(input: {
      organizationId: string;
      campaignId: string;
      contactId: string;
      phone: string;
      timezone: string | null;
      callingWindow: CallingWindow | null;
      settings: CallSettings;
    }): Promise<ComplianceDecision> {
      const now = new Date();
      const decide = (reason: ComplianceReason, retryAt: Date | null, evidence: Record<string, unknown>): ComplianceDecision => ({
        allowed: reason === 'ok',
        reason,
        checkedAt: now.toISOString(),
        retryAt: retryAt?.toISOString() ?? null,
        evidence: { phone: input.phone, ...evidence },
      });
      const [campaign] = (await dataSource.query('SELECT status FROM campaigns WHERE id = $1', [input.campaignId])) as {
        status: string;
      }[];
      if (campaign?.status !== 'active') return decide('campaign_paused', now, { campaignStatus: campaign?.status ?? 'missing' });

      const [dnc] = (await dataSource.query(
        'SELECT reason FROM dnc_entries WHERE organization_id = $1 AND phone = $2',
        [input.organizationId, input.phone],
      )) as { reason: string }[];
      if (dnc) return decide('dnc', null, { dncListed: true, dncReason: dnc.reason });

      const history = await attemptHistory(input.contactId);
      const budget = attemptBudget(input.settings, history);
      if (history.dialed >= budget) return decide('attempt_cap', null, { dialedAttempts: history.dialed, budget });

      const { zones, source } = await contactZones(input.phone, input.timezone);
      const window = effectiveWindow(input.callingWindow);
      const evidence = { zones, zoneSource: source, window, dialedAttempts: history.dialed, budget };
      if (zones.length === 0) return decide('timezone_unknown', null, evidence);
      if (isCallableAt(now, zones, window)) return decide('ok', null, evidence);
      const opens = nextCallableAt(now, zones, window);
      return decide(opens ? 'outside_window' : 'no_calling_window', opens, evidence);
    },

    async originateCall(input: {
      callId: string;
      channelId: string;
      phone: string;
      timeoutSeconds: number;
      workflowId: string;
    }): Promise<OriginateResult & { dialedAt: string }> {
      const dialedAt = new Date();
      await dataSource.getRepository(Call).update({ id: input.callId }, { status: 'ringing', dialedAt });
      const result = await telephony.originate({
        channelId: input.channelId,
        endpoint: dialing.dialStringTemplate.replace('{number}', input.phone),
        callerId: dialing.callerId,
        timeoutSeconds: input.timeoutSeconds,
        context: dialing.answeredContext,
        variables: { DIALER_AGI_URL: agiUrl, DIALER_WORKFLOW_ID: input.workflowId, DIALER_CALL_ID: input.callId },
      });
      return { ...result, dialedAt: dialedAt.toISOString() };
    },

    async lookupChannel(channelId: string): Promise<ChannelSnapshot | null> {
      return (await telephony.getChannel(channelId)) ?? null;
    },

    async hangupChannel(channelId: string): Promise<void> {
      await telephony.hangup(channelId);
    },

    /** Saves the call's end and the contact's next state in one transaction. Safe to retry. */
    async completeCall(input: CompleteCallInput): Promise<{ contactStatus: Contact['status'] }> {
      let contactStatus: Contact['status'] = 'failed';
      const endedAt = input.endedAt ? new Date(input.endedAt) : new Date();
      const answeredAt = input.answeredAt ? new Date(input.answeredAt) : null;
      const duration = answeredAt ? Math.max(0, Math.round((endedAt.getTime() - answeredAt.getTime()) / 1000)) : 0;
      await dataSource.transaction(async (em) => {
        await em.getRepository(Call).update(
          { id: input.callId },
          {
            status: input.status,
            outcome: input.outcome,
            dialStatus: input.dialStatus,
            hangupCause: input.hangupCause,
            hangupCauseText: input.hangupCauseText,
            // The originate activity recorded the dial time; an unknown result here must not erase it.
            ...(input.dialedAt ? { dialedAt: new Date(input.dialedAt) } : {}),
            answeredAt,
            endedAt,
            duration,
            compliance: input.compliance,
          },
        );
        const call = await em.getRepository(Call).findOneByOrFail({ id: input.callId });
        const next = input.compliance?.allowed === false
          ? refusedContactState(input.compliance)
          : nextContactState(
              input.outcome,
              await attemptHistory(input.contactId, em.query.bind(em)),
              input.settings,
              endedAt,
              input.callbackAt ? new Date(input.callbackAt) : null,
            );
        contactStatus = next.status;
        await em.query(
          `INSERT INTO call_events (call_id, organization_id, event_type, event_data, dedupe_key, timestamp)
           VALUES ($1, $2, 'call_ended', $3, 'call_ended', $4)
           ON CONFLICT DO NOTHING`,
          [
            input.callId,
            call.organizationId,
            JSON.stringify({ outcome: input.outcome, status: input.status, hangupCause: input.hangupCause, duration }),
            endedAt,
          ],
        );
        await em.query(
          `UPDATE contacts SET status = $2, next_attempt_at = $3, claim_token = NULL,
                  last_contacted = COALESCE($4, last_contacted), updated_at = now()
            WHERE id = $1 AND attempts = $5`,
          [input.contactId, next.status, next.nextAttemptAt, input.dialedAt ? new Date(input.dialedAt) : null, input.attempt],
        );
      });
      return { contactStatus };
    },
  };
}

export type CallActivities = ReturnType<typeof createCallActivities>;

import type { DataSource } from 'typeorm';
import type { CallOutcome, CallSettings, CallStatus } from '../libs/contracts/src';
import { Call, Campaign, Contact, Organization, Script } from '../libs/db/src';
import { buildGreeting } from '../libs/conversation/src';
import type { ChannelSnapshot, OriginateResult, TelephonyGateway } from '../libs/telephony/src/telephony.gateway';
import { resolveCallSettings } from './call-settings';
import { nextContactState } from './contact-outcome';

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
  greeting: string;
  settings: CallSettings;
  /** Set when this attempt already ended in an earlier run: nothing is dialed again. */
  finishedOutcome: CallOutcome | null;
}

export interface ComplianceDecision {
  allowed: boolean;
  reason: 'ok' | 'dnc' | 'attempt_cap';
  checkedAt: string;
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
}

export function createCallActivities({ dataSource, telephony, callDefaults, dialing, agiUrl }: CallActivityDeps) {
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
        greeting: buildGreeting({
          organizationName: organization.name,
          mainPitch: script?.mainPitch ?? 'We will call you back another time. Goodbye.',
          fields,
        }),
        settings: resolveCallSettings(callDefaults, campaign.callSettings),
        finishedOutcome: call.endedAt ? call.outcome : null,
      };
    },

    /** The last check before a dial, fail closed; its inputs stay in the workflow history as evidence. */
    async checkCompliance(input: {
      organizationId: string;
      phone: string;
      attempt: number;
      settings: CallSettings;
    }): Promise<ComplianceDecision> {
      const checkedAt = new Date().toISOString();
      const maxAttempts = 1 + input.settings.retryAttempts;
      const [dnc] = (await dataSource.query(
        'SELECT reason, created_at FROM dnc_entries WHERE organization_id = $1 AND phone = $2',
        [input.organizationId, input.phone],
      )) as { reason: string; created_at: Date }[];
      const evidence = { phone: input.phone, attempt: input.attempt, maxAttempts, dncListed: Boolean(dnc) };
      if (dnc) return { allowed: false, reason: 'dnc', checkedAt, evidence: { ...evidence, dncReason: dnc.reason } };
      if (input.attempt > maxAttempts) return { allowed: false, reason: 'attempt_cap', checkedAt, evidence };
      return { allowed: true, reason: 'ok', checkedAt, evidence };
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
      const endedAt = input.endedAt ? new Date(input.endedAt) : new Date();
      const answeredAt = input.answeredAt ? new Date(input.answeredAt) : null;
      const duration = answeredAt ? Math.max(0, Math.round((endedAt.getTime() - answeredAt.getTime()) / 1000)) : 0;
      const next = nextContactState(input.outcome, input.attempt, input.settings, endedAt);
      await dataSource.transaction(async (em) => {
        await em.getRepository(Call).update(
          { id: input.callId },
          {
            status: input.status,
            outcome: input.outcome,
            dialStatus: input.dialStatus,
            hangupCause: input.hangupCause,
            hangupCauseText: input.hangupCauseText,
            dialedAt: input.dialedAt ? new Date(input.dialedAt) : null,
            answeredAt,
            endedAt,
            duration,
            compliance: input.compliance ? { ...input.compliance } : null,
          },
        );
        const call = await em.getRepository(Call).findOneByOrFail({ id: input.callId });
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
      return { contactStatus: next.status };
    },
  };
}

export type CallActivities = ReturnType<typeof createCallActivities>;

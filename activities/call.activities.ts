import { setTimeout as sleep } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import {
  type CallSettings,
  type ChannelSnapshot,
  type GateAndDialInput,
  type GateAndDialResult,
  type CompleteCallInput,
  type CompletedCall,
  type ComplianceDecision,
  type ContactStatus,
  type RehearsalBehaviour,
  type ReserveCallInput,
  type ReservedCall,
  DEFAULT_LANGUAGE,
  callNotFound,
  rehearsalBehaviourAt,
  resolveCallSettings,
} from '../libs/contracts/src';
import { type ContactNextState, attemptBudget, contactZones, decideCompliance, nextContactState } from '../libs/compliance/src';
import {
  type CallAttempts,
  type CampaignRecord,
  type CampaignRepository,
  type ContactQueue,
  type DncRepository,
  type OrganizationDialLimits,
  WebhookOutbox,
} from '../libs/db/src';
import { GREETING_VARIABLE, buildGreeting, describeKey, greetingVariable } from '../libs/conversation/src';
import { callMetrics } from '../libs/observability/src';
import { SIMULATED_CUSTOMERS } from '../libs/telephony/src/simulated-customers';
import type { TelephonyGateway } from '../libs/telephony/src/telephony.gateway';
import type { TtsEngine } from '../libs/speech/src/tts';
import { type WebhookActivityDeps, dispatchAfterCommit } from './webhook.activities';

export interface CallActivityDeps extends Pick<WebhookActivityDeps, 'webhookDispatcher'> {
  calls: CallAttempts;
  campaigns: CampaignRepository;
  contactQueue: ContactQueue;
  dnc: DncRepository;
  organizationLimits: OrganizationDialLimits;
  telephony: TelephonyGateway;
  callDefaults: CallSettings;
  dialing: { dialStringTemplate: string; rehearsalDialStringTemplate: string; answeredContext: string; callerId: string };
  /** Where Asterisk runs the conversation of an answered call: this worker's FastAGI server. */
  agiUrl: string;
  /** The Asterisk global listing this deployment's workers, should this one die mid-conversation (libs/telephony/src/agi-pool.ts). */
  agiPoolVariable: string;
  /** This worker's voice, whose cache its FastAGI server plays from: the greeting is voiced into it as the call is dialed. */
  tts: Pick<TtsEngine, 'synthesize'>;
}

/** How a transcript shows what the dialplan said when no worker could take the conversation over. */
const RESCUE_TRANSCRIPT = {
  apology: '[no worker reachable: the dialplan apologised and will call back]',
  opted_out: '[no worker reachable: the dialplan took the opt-out key]',
};

/**
 * A paced dial sleeps inside its step up to this long (its campaign starts calls about this far ahead of
 * their slots); a later slot becomes a durable timer in the workflow.
 */
const PACING_WAIT_IN_STEP_MS = 4_000;
const PACING_EARLY_WAKE_MS = 3;
/**
 * A dial waiting for one of its organization's calls in flight to end asks again this often, with up to as
 * much again at random, so the waiters of several campaigns do not all take the organization's lock at once.
 */
const ORGANIZATION_FULL_RECHECK_MS = 200;

/**
 * A gate refusal: on do-not-call for good; back in the queue when the window opens or when the campaign
 * runs again (a paused or stopped campaign's workflow claims nothing, so this cannot loop); else failed.
 */
function refusedContactState(decision: ComplianceDecision): ContactNextState {
  if (decision.reason === 'dnc') return { status: 'dnc', nextAttemptAt: null };
  if (decision.reason === 'campaign_paused' || decision.reason === 'campaign_stopped') return { status: 'retry', nextAttemptAt: null };
  if (decision.retryAt) return { status: 'retry', nextAttemptAt: new Date(decision.retryAt) };
  return { status: 'failed', nextAttemptAt: null };
}

export function createCallActivities({ calls, campaigns, contactQueue, dnc, organizationLimits, telephony, callDefaults, dialing, agiUrl, agiPoolVariable, tts, webhookDispatcher }: CallActivityDeps) {
  /**
   * Waits inside the step, up to PACING_WAIT_IN_STEP_MS, until the organization's limits (with the campaign's
   * pacing) admit the call; a longer wait is handed back for a durable timer. Without limits it takes nothing.
   */
  async function admitInOrganization(
    input: GateAndDialInput,
  ): Promise<{ admittedAt: Date; limited: true; waited: boolean } | { admittedAt: null; limited: false } | { kind: 'paced'; nextAt: string }> {
    const waitUntil = Date.now() + PACING_WAIT_IN_STEP_MS;
    for (let waited = false; ; waited = true) {
      const turn = await organizationLimits.admitDial(input.callId, input.settings.callIntervalMs);
      if ('limited' in turn) return turn.limited ? { ...turn, waited } : turn;
      const nextAt = turn.refused === 'rate' ? turn.nextAt.getTime() : Date.now() + ORGANIZATION_FULL_RECHECK_MS * (1 + Math.random());
      if (nextAt > waitUntil) return { kind: 'paced', nextAt: new Date(nextAt).toISOString() };
      await sleep(Math.max(nextAt - Date.now() - PACING_EARLY_WAKE_MS, 1));
    }
  }

  /**
   * The last check before a dial: libs/compliance decides over what the database says now, about the real
   * contact also in a rehearsal (its zone's hours, the DNC list), so a rehearsal shows what live would refuse.
   */
  async function checkCompliance(input: GateAndDialInput): Promise<{ compliance: ComplianceDecision; campaign: CampaignRecord | undefined }> {
    const [campaign, dncEntry, history, zones] = await Promise.all([
      campaigns.find(input.campaignId),
      dnc.findEntry(input.organizationId, input.phone),
      // Without this attempt: a re-run of the step after its dial (a workflow task that timed out under load)
      // must reach the dial fence and reconcile, not be refused for the attempt it already spent.
      calls.history(input.contactId, undefined, input.callId),
      contactZones(input.phone, input.timezone),
    ]);
    const compliance = decideCompliance(
      {
        phone: input.phone,
        campaignStatus: campaign?.status,
        dncEntry,
        dialedAttempts: history.dialed,
        attemptBudget: attemptBudget(input.settings, history),
        contactZones: zones,
        callingWindow: campaign?.callingWindow ?? null,
      },
      new Date(),
    );
    return { compliance, campaign };
  }

  /**
   * Where this attempt is dialed: the contact's number, or in a rehearsal the simulated customer of the
   * behaviour dealt to the contact (the campaign's mix over its contacts in id order, so the whole campaign
   * produces the mix exactly). The one place a rehearsal's dial is substituted.
   */
  async function dialTarget(input: GateAndDialInput, campaign: CampaignRecord | undefined): Promise<{ endpoint: string; rehearsal: RehearsalBehaviour | null }> {
    if (campaign?.mode !== 'rehearsal') return { endpoint: dialing.dialStringTemplate.replace('{number}', input.phone), rehearsal: null };
    if (!campaign.rehearsalMix) throw new Error(`campaign ${campaign.id} is a rehearsal without a mix`);
    const { position, contacts } = await contactQueue.rehearsalPosition(input.campaignId, input.contactId);
    const rehearsal = rehearsalBehaviourAt(campaign.rehearsalMix, position, contacts);
    return { endpoint: dialing.rehearsalDialStringTemplate.replace('{number}', SIMULATED_CUSTOMERS[rehearsal]), rehearsal };
  }

  return {
    /** Reserves the calls row of this attempt (unique on contact + attempt) before anything is dialed. */
    async reserveCallAttempt(input: ReserveCallInput): Promise<ReservedCall> {
      const call = await calls.reserve(input);
      if (!call) throw callNotFound(`of contact ${input.contactId}, attempt ${input.attempt}`);
      const language = call.script?.language ?? DEFAULT_LANGUAGE;
      return {
        callId: call.callId,
        organizationId: call.organizationId,
        phone: call.contact.phone,
        timezone: call.contact.timezone,
        callingWindow: call.callingWindow,
        callerId: call.callerId || dialing.callerId,
        greeting: buildGreeting({ organizationName: call.organizationName, mainPitch: call.script?.mainPitch, fields: call.contact.fields, language }),
        language,
        settings: resolveCallSettings(callDefaults, call.callSettings),
        finishedOutcome: call.endedOutcome,
      };
    },

    /**
     * The compliance gate and the dial, one step, so nothing can change between the decision and the dial.
     * A paced campaign's dial first waits until the database admits it (callIntervalMs after the one before,
     * whichever worker runs it), together with its organization's limits when it has some (shared by all its
     * campaigns), then meets the gate; a wait longer than a short one is handed back for a durable timer. The
     * fence on the call row lets only the first run of the dial through: a re-run after a crash answers
     * `ambiguous` and the workflow reconciles by channel lookup. The gate's inputs stay in the
     * history as evidence.
     */
    async gateAndDial(input: GateAndDialInput): Promise<GateAndDialResult> {
      // The dial's start latency runs from this step being scheduled (right after the reservation, or after a
      // pacing timer) or from the end of a pacing wait in it: waiting for a slot is pacing, not latency.
      let dialStartedAt = Context.current().info.currentAttemptScheduledTimestampMs;
      const organization = await admitInOrganization(input);
      if ('kind' in organization) return organization;
      if (organization.limited && organization.waited) dialStartedAt = Date.now();
      // Under organization limits the campaign's slot was taken with the organization's; without, it paces alone.
      let admittedAt = organization.admittedAt;
      while (input.settings.callIntervalMs > 0 && !admittedAt) {
        const turn = await campaigns.admitDial(input.campaignId, input.settings.callIntervalMs);
        if ('admittedAt' in turn) admittedAt = turn.admittedAt;
        else {
          const wait = turn.nextAt.getTime() - Date.now();
          if (wait > PACING_WAIT_IN_STEP_MS) return { kind: 'paced', nextAt: turn.nextAt.toISOString() };
          // Wakes a little early and asks again: each millisecond late would stretch every later interval.
          await sleep(Math.max(wait - PACING_EARLY_WAKE_MS, 1));
          dialStartedAt = Date.now();
        }
      }
      const { compliance, campaign } = await checkCompliance(input);
      if (!compliance.allowed) {
        // Not dialed, so not in flight: a call held at the gate of a paused campaign keeps no slot.
        if (organization.limited) await organizationLimits.releaseDial(input.callId);
        callMetrics.refused(compliance.reason);
        return { kind: 'gated', compliance, dial: null };
      }

      const dialedAt = admittedAt ?? new Date();
      const { endpoint, rehearsal } = await dialTarget(input, campaign);
      const details = { channelId: input.channelId, endpoint, callerId: input.callerId, ...(rehearsal ? { rehearsal } : {}) };
      if (!(await calls.requestDial(input.callId, dialedAt, details, rehearsal))) {
        const dial = { kind: 'ambiguous' as const, reason: 'an earlier run of this step already asked for the dial', dialedAt: dialedAt.toISOString() };
        return { kind: 'gated', compliance, dial };
      }
      // Voiced while the phone rings (seconds), not after the answer: the callee hears it at once. Not awaited,
      // so the dial waits for nothing; the conversation voices it itself should this fail.
      const language = input.language ?? DEFAULT_LANGUAGE;
      if (input.greeting) tts.synthesize(input.greeting, language).catch(() => undefined);
      // Handed to the conversation, which plays it while the workflow decides the opening. A recorded call is
      // recorded from before its greeting, so it waits for the opening (which names the recording) instead.
      const greeting = input.greeting && !input.settings.recording?.enabled ? greetingVariable({ text: input.greeting, language }) : undefined;
      const result = await telephony.originate({
        channelId: input.channelId,
        endpoint,
        callerId: input.callerId,
        timeoutSeconds: input.settings.callTimeoutSeconds,
        context: dialing.answeredContext,
        variables: {
          DIALER_AGI_URL: agiUrl,
          DIALER_AGI_POOL: agiPoolVariable,
          DIALER_WORKFLOW_ID: input.workflowId,
          DIALER_CALL_ID: input.callId,
          // Asterisk ends the call at its maximum itself, so a call outlives no worker's death past it.
          DIALER_MAX_SECONDS: String(input.settings.maxCallSeconds),
          DIALER_LANGUAGE: language.slice(0, 2),
          ...(greeting ? { [GREETING_VARIABLE]: greeting } : {}),
        },
      });
      callMetrics.originated(input.callId, result, (Date.now() - dialStartedAt) / 1000, input.settings);
      return { kind: 'gated', compliance, dial: { ...result, dialedAt: dialedAt.toISOString() } };
    },

    /** Written when the answer happens, so a live call reads `in_progress` with its answer time. */
    async markCallAnswered(input: { callId: string; answeredAt: string }): Promise<void> {
      await calls.markAnswered(input.callId, new Date(input.answeredAt));
      callMetrics.answered(input.callId);
    },

    async lookupChannel(channelId: string): Promise<ChannelSnapshot | null> {
      return (await telephony.getChannel(channelId)) ?? null;
    },

    async hangupChannel(channelId: string): Promise<void> {
      await telephony.hangup(channelId);
    },

    /**
     * The answer and hang-up times of a call that ended in the dialplan's [dialer-rescue] (answered, then no worker
     * to hold its conversation) when no worker heard it; null when the dialplan left no mark: it was never answered.
     */
    async answerLeftByDialplan(channelId: string): Promise<{ answeredAt: string; endedAt: string | null } | null> {
      const mark = await telephony.rescueMark(channelId);
      if (!mark) return null;
      return { answeredAt: (mark.answeredAt ?? new Date()).toISOString(), endedAt: mark.endedAt?.toISOString() ?? null };
    },

    /**
     * A conversation cut with no worker left to take it over ended in the dialplan's [dialer-rescue], which
     * apologised and offered the opt-out key: a 9 pressed there goes on the do-not-call list as one pressed in
     * the conversation would (`opted_out`); otherwise the attempt failed on our side and is tried again
     * (`failed`). Null when the dialplan left nothing: the customer hung up on a live conversation.
     */
    async settleRescuedCall(input: { callId: string; channelId: string; turn: number; answeredAt: string }): Promise<'opted_out' | 'failed' | null> {
      const mark = await telephony.rescueMark(input.channelId);
      if (!mark) return null;
      const context = await calls.context(input.callId);
      if (!context) throw callNotFound(input.callId);
      const language = context.script?.language ?? DEFAULT_LANGUAGE;
      if (mark.verdict === 'opted_out' && !context.rehearsal) await dnc.addFromCall(context.organizationId, context.contact.phone);
      await calls.appendTurn(input.callId, context.organizationId, input.turn, {
        user_input: mark.verdict === 'opted_out' ? describeKey('9', language) : '[no answer]',
        ai_response: RESCUE_TRANSCRIPT[mark.verdict],
        timestamp: new Date().toISOString(),
        offset_ms: Math.max(0, Date.now() - Date.parse(input.answeredAt)),
      });
      await telephony.clearRescueMark(input.channelId);
      return mark.verdict === 'opted_out' ? 'opted_out' : 'failed';
    },

    /**
     * Saves the call's end, the contact's next state and the `call.finished` webhook event in one
     * transaction, then starts the event's deliveries. Safe to retry: a re-run finds the event written.
     * A rehearsal's call announces nothing to webhooks, and its simulated customer's opt-out or callback leaves
     * the contact done with the rehearsal, not on the do-not-call list nor booked for another call.
     */
    async completeCall(input: CompleteCallInput): Promise<CompletedCall> {
      const endedAt = input.endedAt ? new Date(input.endedAt) : new Date();
      const dialedAt = input.dialedAt ? new Date(input.dialedAt) : null;
      const { contactStatus, eventId, ids } = await calls.transaction(async (em): Promise<{ contactStatus: ContactStatus; eventId: string | null; ids: object }> => {
        const ended = await calls.end(em, input.callId, {
          status: input.status,
          outcome: input.outcome,
          dialStatus: input.dialStatus,
          hangupCause: input.hangupCause,
          hangupCauseText: input.hangupCauseText,
          dialedAt,
          answeredAt: input.answeredAt ? new Date(input.answeredAt) : null,
          endedAt,
          compliance: input.compliance,
        });
        const rehearsal = ended?.rehearsal ?? false;
        const next =
          input.compliance?.allowed === false
            ? refusedContactState(input.compliance)
            : nextContactState(input.outcome, await calls.history(input.contactId, em), input.settings, endedAt, input.callbackAt ? new Date(input.callbackAt) : null);
        // A simulated customer asks for a callback at every call, so a rehearsal books none: it would never end.
        const simulatedOnly = rehearsal && (input.outcome === 'opted_out' || input.outcome === 'callback');
        const settled: ContactNextState = simulatedOnly ? { status: 'contacted', nextAttemptAt: null } : next;
        await contactQueue.settle(em, input, settled, ended?.dialedAt ?? dialedAt);
        return {
          contactStatus: settled.status,
          eventId: rehearsal ? null : await new WebhookOutbox(em).callFinished(input.callId, settled.status),
          ids: { organizationId: ended?.organizationId, campaignId: ended?.campaignId },
        };
      });
      callMetrics.ended(input.callId, input.outcome);
      // One line per attempt for the operator's log search, with its organization, campaign, call and workflow.
      Context.current().log.info('call ended', {
        ...ids,
        callId: input.callId,
        outcome: input.outcome,
        status: input.status,
        dialStatus: input.dialStatus ?? null,
        answeredSeconds: input.answeredAt ? Math.round((endedAt.getTime() - new Date(input.answeredAt).getTime()) / 1000) : null,
        contactStatus,
      });
      await dispatchAfterCommit(webhookDispatcher, eventId);
      return { contactStatus };
    },
  };
}

export type CallActivities = ReturnType<typeof createCallActivities>;

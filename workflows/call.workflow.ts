import {
  condition,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DATABASE_ACTIVITY, LOCAL_DATABASE_ACTIVITY } from './activity-options';
import {
  type AttemptRef,
  type CallFinished,
  type CallHandoff,
  type CallOutcome,
  type CallStatus,
  CallOutcomeKey,
  type ChannelEvent,
  type ComplianceDecision,
  type GateAndDialResult,
  type ReservedCall,
  agentConnectedSignal,
  agentUnavailableUpdate,
  answeringMachineUpdate,
  callChannelId,
  campaignResumedSignal,
  channelEventsSignal,
  conversationEndedSignal,
  conversationTurnUpdate,
  declineRecordingUpdate,
  resumeConversationUpdate,
  startConversationUpdate,
} from '../libs/contracts/src';
import { unansweredOutcome } from './call-outcome';

/**
 * Every step of a call but its analysis runs as a local activity, inside the workflow task that needs it.
 * A re-run is harmless: reserve, gate, channel lookups and the call's end are idempotent, and the dial is
 * fenced on the call row (a second run of it never dials; the workflow then reconciles by channel lookup).
 */
const steps = proxyLocalActivities<Activities>(LOCAL_DATABASE_ACTIVITY);
/** A turn may wait on the language model (LLM_TIMEOUT_MS, at most 30 s) before the rules answer. */
const turns = proxyLocalActivities<Activities>({ ...LOCAL_DATABASE_ACTIVITY, startToCloseTimeout: '45s' });
/** The analysis may ask the language model for a summary: a task of its own, off the call's path. */
const analysis = proxyActivities<Activities>(DATABASE_ACTIVITY);
/** Moving a recording off Asterisk transfers the whole call's audio: a task of its own, with room for it. */
const recordings = proxyActivities<Activities>({ ...DATABASE_ACTIVITY, startToCloseTimeout: '2m' });

/** Dial statuses after which the call cannot be answered any more. */
const UNANSWERED_DIAL_STATUSES = ['BUSY', 'CONGESTION', 'CHANUNAVAIL', 'NOANSWER'];
const FINAL_DIAL_STATUSES = [...UNANSWERED_DIAL_STATUSES, 'ANSWER', 'CANCEL'];
const DIAL_STATUS_GRACE_MS = 1_000;

/**
 * After busy or congestion, Asterisk usually destroys the channel itself within moments; only a channel
 * still up after this long (playing its tone) is hung up by us.
 */
const HANGUP_GRACE_MS = 2_000;

/** How long past Asterisk's own ring timeout we wait for its events before asking ARI ourselves. */
const EVENT_GRACE_MS = 15_000;
/**
 * While a call is up, how often we ask Asterisk whether the channel still exists: a hang-up event sent
 * while no worker was connected is lost, and the call must still end.
 */
const CHANNEL_CHECK_MS = 20_000;
/** A call held at the gate by a paused campaign looks again this often, should the campaign's word be lost. */
const PAUSED_RECHECK_MS = 60_000;

export interface CallWorkflowInput extends AttemptRef {
  campaignWorkflowId: string;
}

/** The attempt's report to its campaign (its result) and how the call row ended. */
export interface CallResult extends CallFinished {
  status: CallStatus;
}

/** One call attempt: reserve, gate, dial, follow the channel, record the result, report it as the result. */
export async function callWorkflow(input: CallWorkflowInput): Promise<CallResult> {
  const { workflowId } = workflowInfo();
  const channelId = callChannelId(input);
  let reserved: ReservedCall | undefined;
  // Written by signal handlers; an object so that the compiler does not narrow its fields between awaits.
  const line: {
    dialStatus: string | null;
    answeredAt: string | null;
    hangup: Extract<ChannelEvent, { type: 'hangup' }> | null;
    conversationOutcome: CallOutcome | null;
    callbackAt: string | null;
    turns: number;
    unclearTurns: number;
    campaignResumed: boolean;
    /** The conversation started recording the call (on Asterisk); moved off it after the hang-up. */
    recorded: boolean;
    /** How a handoff to a person went, once the AGI session knows. */
    handoff: CallHandoff | null;
    /** The recording on Asterisk, while the customer has not declined it (a resumed conversation goes on with it). */
    recordingName: string | null;
    /** The conversation reached its end (a closing reply, the voicemail, a handoff): nothing to resume. */
    concluded: boolean;
  } = {
    dialStatus: null,
    answeredAt: null,
    hangup: null,
    conversationOutcome: null,
    callbackAt: null,
    turns: 0,
    unclearTurns: 0,
    campaignResumed: false,
    recorded: false,
    handoff: null,
    recordingName: null,
    concluded: false,
  };

  // The conversation's updates act once the dial step has settled: a worker that dies mid-dial leaves the step
  // to run again while the callee may already talk to another worker, and a local activity of an update that
  // finished beside the step's would be ordered differently on replay (a determinism error, found by bench/chaos).
  let dialSettled = false;
  const dialStepDone = () => condition(() => dialSettled);
  // Local activities of a call run one at a time: the conversation's updates and the main line both run
  // them, and two in flight at once finish in separate activations when run but in one on replay, where
  // the commands that follow them then come in another order (a determinism error on every replay).
  let lane: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(run: () => Promise<T>): Promise<T> => {
    const result = lane.then(run);
    lane = result.catch(() => undefined);
    return result;
  };
  setHandler(channelEventsSignal, (events) => {
    for (const event of events) {
      // The first final status stands: our own hang-up after BUSY makes Asterisk report CANCEL next.
      if (event.type === 'dial') {
        if (line.dialStatus === null || !FINAL_DIAL_STATUSES.includes(line.dialStatus)) line.dialStatus = event.dialStatus;
      } else if (event.type === 'answered') line.answeredAt ??= event.at;
      else line.hangup ??= event;
    }
  });
  setHandler(campaignResumedSignal, () => void (line.campaignResumed = true));
  setHandler(conversationEndedSignal, ({ outcome }) => {
    line.conversationOutcome ??= outcome;
    line.concluded = true;
  });
  // The AI never speaks before the channel is up and the attempt is known.
  const openConversation = async (answeredBy: 'person' | 'machine', turn: number) => {
    await dialStepDone();
    if (line.hangup !== null) return { speech: [], language: reserved!.language, proceed: false };
    if (answeredBy === 'machine') {
      line.conversationOutcome ??= 'voicemail';
      line.concluded = true;
    }
    const opened = await oneAtATime(() =>
      steps.openConversation({ callId: reserved!.callId, greeting: reserved!.greeting, answeredBy, turn, answeredAt: line.answeredAt }),
    );
    if (opened.recording) {
      line.recorded = true;
      line.recordingName = opened.recording.name;
    }
    return { speech: opened.speech, language: reserved!.language, proceed: true, ...(opened.recording ? { recording: opened.recording } : {}) };
  };
  // One opening per call, whichever session asks for it first (a rescue may come before the first session's ask).
  let opening: ReturnType<typeof openConversation> | undefined;
  const openOnce = () => (opening ??= openConversation('person', 0));
  setHandler(startConversationUpdate, ({ answeredBy }) => (answeredBy === 'person' ? openOnce() : openConversation(answeredBy, 0)));
  // Another worker's FastAGI session picks up a conversation whose worker died with the channel still up.
  setHandler(resumeConversationUpdate, async () => {
    await dialStepDone();
    const language = reserved!.language;
    if (line.hangup !== null || line.concluded) return { speech: [], language, proceed: false, nextTurn: 0 };
    if (!opening) return { ...(await openOnce()), nextTurn: 1 };
    await opening;
    line.turns += 1;
    const turn = line.turns;
    const resumed = await oneAtATime(() => steps.resumeConversation({ callId: reserved!.callId, turn, answeredAt: line.answeredAt }));
    const recording = line.recordingName ? { recording: { name: line.recordingName } } : {};
    return { speech: resumed.speech, language, proceed: true, nextTurn: line.turns + 1, ...recording };
  });
  // Found while the greeting (turn 0) played: the voicemail message is the next turn.
  setHandler(answeringMachineUpdate, () => openConversation('machine', 1));
  // Each turn is a local activity (its marker holds the turn), so operators read the conversation in the history.
  setHandler(conversationTurnUpdate, async (customer) => {
    await dialStepDone();
    line.turns += 1;
    const turn = line.turns;
    const result = await oneAtATime(() =>
      turns.runConversationTurn.executeWithOptions(
        { summary: `Turn ${turn}: ${customer.dtmf ? `key ${customer.dtmf}` : (customer.text ?? 'silence').slice(0, 60)}` },
        [{ callId: reserved!.callId, turn, unclearTurns: line.unclearTurns, customer, answeredAt: line.answeredAt }],
      ),
    );
    if (result.unclear) line.unclearTurns += 1;
    if (result.outcome) line.conversationOutcome ??= result.outcome;
    if (result.callbackAt) line.callbackAt ??= result.callbackAt;
    if (result.end || result.handoff) line.concluded = true;
    return { reply: result.reply, end: result.end, ...(result.handoff ? { handoff: result.handoff } : {}) };
  });
  // A handoff: an agent took the customer (the call goes on, bridged, until someone hangs up) ...
  setHandler(agentConnectedSignal, (connected) => {
    line.handoff ??= { ...connected, connected: true, dialStatus: null };
    line.conversationOutcome ??= 'transferred';
  });
  // ... or none answered in time: a callback is booked and the AI says when before hanging up.
  setHandler(agentUnavailableUpdate, async (unanswered) => {
    await dialStepDone();
    line.turns += 1;
    const turn = line.turns;
    const booked = await oneAtATime(() => steps.bookAgentCallback({ callId: reserved!.callId, turn, answeredAt: line.answeredAt }));
    line.handoff ??= { ...unanswered, connected: false, agent: null };
    line.conversationOutcome ??= 'callback';
    line.concluded = true;
    line.callbackAt ??= booked.callbackAt;
    return { reply: booked.reply, end: true };
  });
  setHandler(declineRecordingUpdate, async (customer) => {
    await dialStepDone();
    line.recordingName = null;
    return oneAtATime(() => steps.declineRecording({ callId: reserved!.callId, turn: line.turns + 1, customer, answeredAt: line.answeredAt }));
  });

  reserved = await steps.reserveCallAttempt({ ...input, workflowId, channelId });
  const call = reserved;

  const finish = async (
    status: CallStatus,
    outcome: CallOutcome,
    compliance: ComplianceDecision | null,
    dialedAt: string | null,
  ): Promise<CallResult> => {
    const ended: { cause: number; causeText: string; at: string } | null = line.hangup;
    const { contactStatus } = await oneAtATime(() => steps.completeCall({
      callId: call.callId,
      contactId: input.contactId,
      attempt: input.attempt,
      status,
      outcome,
      dialStatus: line.dialStatus,
      hangupCause: ended?.cause ?? null,
      hangupCauseText: ended?.causeText ?? null,
      dialedAt,
      answeredAt: line.answeredAt,
      endedAt: ended?.at ?? null,
      settings: call.settings,
      compliance,
      callbackAt: line.callbackAt,
    }));
    upsertSearchAttributes([{ key: CallOutcomeKey, value: outcome }]);
    return {
      workflowId,
      contactId: input.contactId,
      outcome,
      status,
      answered: line.answeredAt !== null,
      dialed: status !== 'not_dialed',
      ...(compliance && !compliance.allowed ? { refusal: compliance.reason } : {}),
      contactFinal: contactStatus !== 'retry',
    };
  };

  if (call.finishedOutcome) {
    log.info('attempt already finished in an earlier run', { outcome: call.finishedOutcome });
    return finish('completed', call.finishedOutcome, null, null);
  }

  const gateAndDial = () =>
    steps.gateAndDial.executeWithOptions(
      // Room for a paced dial's waits for its campaign's and its organization's slots (up to 4 s each) and the originate.
      { ...LOCAL_DATABASE_ACTIVITY, startToCloseTimeout: '20s', summary: `Gate and dial ${call.phone} on channel ${channelId}` },
      [
        {
          callId: call.callId,
          organizationId: call.organizationId,
          campaignId: input.campaignId,
          contactId: input.contactId,
          channelId,
          phone: call.phone,
          timezone: call.timezone,
          callerId: call.callerId,
          settings: call.settings,
          workflowId,
          language: call.language,
          greeting: call.greeting,
        },
      ],
    );
  let compliance: ComplianceDecision | null = null;
  let dial: Extract<GateAndDialResult, { kind: 'gated' }>['dial'] = null;
  try {
    for (;;) {
      const step = await gateAndDial();
      if (step.kind === 'paced') {
        // The campaign's next dial slot is further off than the step waits: sleep durably, then ask again.
        await sleep(Date.parse(step.nextAt) - Date.now());
        continue;
      }
      ({ compliance, dial } = step);
      if (compliance.allowed || compliance.reason !== 'campaign_paused') break;
      // Started just before its campaign paused: hold at the gate, dial once it runs again (no attempt is spent).
      await condition(() => line.campaignResumed, PAUSED_RECHECK_MS);
      line.campaignResumed = false;
    }
  } catch (error) {
    // The worker may have died mid-request (or the gate stayed out of reach): the dial may exist. Only events
    // or a lookup can tell; an attempt the gate never judged cannot have been dialed, and ends below.
    log.warn('gate and dial outcome unknown; reconciling by channel lookup', { error: String(error) });
  }
  dialSettled = true;
  if (compliance && !compliance.allowed) {
    log.info('not dialed: compliance gate', { reason: compliance.reason, retryAt: compliance.retryAt });
    return finish('not_dialed', 'blocked', compliance, null);
  }
  const dialedAt = dial?.dialedAt ?? null;
  if (dial?.kind === 'rejected') {
    log.warn('originate rejected', { reason: dial.reason });
    return finish('failed', 'failed', compliance, dialedAt);
  }
  if (dial?.kind === 'ambiguous') log.warn('originate outcome unknown; reconciling by channel lookup', { reason: dial.reason });

  const ringLimitMs = call.settings.callTimeoutSeconds * 1000 + EVENT_GRACE_MS;
  const unanswerable = () => line.dialStatus !== null && UNANSWERED_DIAL_STATUSES.includes(line.dialStatus);
  if (!(await condition(() => line.answeredAt !== null || line.hangup !== null || unanswerable(), ringLimitMs))) {
    const channel = await oneAtATime(() => steps.lookupChannel(channelId));
    let answeredUnseen = false;
    if (channel?.state === 'Up') line.answeredAt = new Date(Date.now()).toISOString();
    else if (channel) {
      await oneAtATime(() => steps.hangupChannel(channelId));
      line.dialStatus ??= 'NOANSWER';
    } else if (patched('answer-left-by-dialplan')) {
      // Answered and ended while no worker was there to hear it: the dialplan's rescue may hold an opt-out.
      const left = await oneAtATime(() => steps.answerLeftByDialplan(channelId));
      if (left !== null) {
        answeredUnseen = true;
        line.answeredAt ??= left.answeredAt;
        line.hangup ??= missedHangup(left.endedAt);
      }
    }
    if (!answeredUnseen && (!channel || channel.state !== 'Up')) {
      await condition(() => line.hangup !== null, EVENT_GRACE_MS);
      return finish('failed', unansweredOutcome(line.dialStatus, line.hangup?.cause ?? null), compliance, dialedAt);
    }
  }

  if (line.answeredAt === null) {
    // A hang-up without a dial status yet: give the Dial event a moment, it names busy or congestion.
    if (line.dialStatus === null) await condition(() => line.dialStatus !== null, DIAL_STATUS_GRACE_MS);
    if (line.hangup === null && !(await condition(() => line.hangup !== null, HANGUP_GRACE_MS))) {
      // A final dial status (busy, congestion) while the far end still plays its tone: free the line now.
      await oneAtATime(() => steps.hangupChannel(channelId));
      await condition(() => line.hangup !== null, EVENT_GRACE_MS);
    }
    return finish('failed', unansweredOutcome(line.dialStatus, line.hangup?.cause ?? null), compliance, dialedAt);
  }

  const answeredAt = line.answeredAt;
  await oneAtATime(() => steps.markCallAnswered({ callId: call.callId, answeredAt }));
  const hangUpBy = Date.now() + call.settings.maxCallSeconds * 1000;
  while (line.hangup === null) {
    const remaining = hangUpBy - Date.now();
    if (remaining <= 0) {
      log.warn('call exceeded its maximum duration; hanging up');
      await oneAtATime(() => steps.hangupChannel(channelId));
      if (!(await condition(() => line.hangup !== null, EVENT_GRACE_MS))) {
        line.hangup = { type: 'hangup', cause: 16, causeText: 'Max duration (no hang-up event seen)', at: new Date(Date.now()).toISOString() };
      }
      break;
    }
    if (await condition(() => line.hangup !== null, Math.min(remaining, CHANNEL_CHECK_MS))) break;
    if (!(await oneAtATime(() => steps.lookupChannel(channelId))) && line.hangup === null) {
      line.hangup = missedHangup();
    }
  }
  // No outcome: the customer hung up, or no worker could take the conversation over and the dialplan ended
  // it (an opt-out pressed there, or an apology and another attempt).
  if (line.conversationOutcome === null && patched('dialplan-rescue')) {
    line.turns += 1;
    const turn = line.turns;
    line.conversationOutcome = await oneAtATime(() => steps.settleRescuedCall({ callId: call.callId, channelId, turn, answeredAt }));
  }
  const outcome = line.conversationOutcome ?? 'hung_up';
  const endedAt = line.hangup?.at ?? new Date(Date.now()).toISOString();
  const durationSeconds = Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(answeredAt)) / 1000));
  // Only calls that recorded schedule this: histories from before recordings replay unchanged.
  if (line.recorded) await recordings.storeRecording({ callId: call.callId });
  await analysis.analyzeCall({ callId: call.callId, outcome, durationSeconds, ...(line.handoff ? { handoff: line.handoff } : {}) });
  return finish('completed', outcome, compliance, dialedAt);
}

/** The end of a call whose channel was found gone with no hang-up event seen: when the dialplan saw it, or now. */
function missedHangup(at: string | null = null): Extract<ChannelEvent, { type: 'hangup' }> {
  return { type: 'hangup', cause: 0, causeText: 'Channel gone (hang-up event missed)', at: at ?? new Date(Date.now()).toISOString() };
}

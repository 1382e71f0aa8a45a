import {
  ActivityFailure,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { LOCAL_DATABASE_ACTIVITY } from './activity-options';
import {
  AttemptKey,
  CampaignIdKey,
  CampaignStatusKey,
  ContactIdKey,
  MAX_CALLS_IN_FLIGHT,
  OrganizationIdKey,
  type QueueStatus,
  callSettingsProblems,
  campaignResumedSignal,
  callWorkflowId,
  describeProblems,
  invalidSettings,
  pauseSignal,
  resumeSignal,
  statusQuery,
  stopSignal,
  updateSettingsUpdate,
} from '../libs/contracts/src';
import { callWorkflow } from './call.workflow';
import { type CampaignCarry, CampaignState } from './campaign-state';

/** Every step of the campaign is a local activity: idempotent (claims by token, writes ordered by time). */
const activities = proxyLocalActivities<Activities>(LOCAL_DATABASE_ACTIVITY);

/** When nothing is due and no time is known, look again after this long. */
const IDLE_POLL_MS = 60_000;
/**
 * The workflow's own history budget per run: it continues as new past this many events. The margin to the
 * server's 4,096-event suggestion covers what still arrives while it winds down (at most one report and one
 * start per call in flight, and the workflow tasks around them).
 */
const HISTORY_BUDGET = 3_000;
/** Contact counts are refreshed at most this often while dialing (and whenever nothing is due). */
const PROGRESS_EVERY_MS = 5_000;
/** How often a run looks for the results of calls a previous run started (they are not its children). */
const CARRIED_CHECK_MS = 2_000;
/**
 * Server timers fire up to about a second late, so a paced campaign starts each call this long before its
 * dial slot, and the dial step waits for the exact slot, which the database hands out callIntervalMs apart.
 */
const PACING_LEAD_MS = 1_500;
/** Free slots are refilled in batches of about this share of the concurrency: fewer claims and workflow tasks. */
const REFILL_SHARE = 0.1;

export interface CampaignWorkflowInput {
  campaignId: string;
  carry?: CampaignCarry;
}

/** Rejects an invalid live settings change before it enters the history. */
export function validateSettings(patch: unknown): void {
  const problems = callSettingsProblems(patch);
  if (problems.length) throw invalidSettings(describeProblems(problems));
}

/**
 * Paces the dials of one campaign: claims due contacts in pages and runs one CallWorkflow per attempt.
 * It is the single owner of the campaign's live state: pause, resume and stop arrive as signals from
 * whoever sends them (the API, Temporal Web UI, the CLI), and the loop records each change on the row.
 */
export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<QueueStatus> {
  const { campaignId } = input;
  const state = CampaignState.fromCarry(input.carry);
  // Handlers are registered before the first await, so queries and signals work from the first task.
  setHandler(statusQuery, () => state.queueStatus());
  setHandler(pauseSignal, (control) => state.pause(control?.reason ?? null));
  setHandler(resumeSignal, () => state.resume());
  setHandler(stopSignal, () => state.stop());
  setHandler(
    updateSettingsUpdate,
    async (patch) => {
      await condition(() => state.settings !== undefined);
      // Saved first: the calls read their settings from the campaign row.
      state.settings = await activities.saveCallSettings({ campaignId, patch });
      return state.settings;
    },
    { validator: validateSettings },
  );

  const run = await activities.loadCampaignRun({ campaignId, fresh: input.carry === undefined });
  if (run.recovered > 0) log.info('took back contacts a terminated run had claimed', { recovered: run.recovered });
  state.settings ??= run.settings;
  const settings = () => state.settings ?? run.settings;
  const inFlightLimit = () => Math.min(settings().maxConcurrentCalls, MAX_CALLS_IN_FLIGHT);
  const dialing = () => !state.paused && !state.stopping;
  const canDial = () => dialing() && state.active.size < inFlightLimit();
  // Unpaced, the loop waits for a batch of free slots (or an idle campaign) before it claims again.
  const canRefill = () => {
    const free = inFlightLimit() - state.active.size;
    return dialing() && free > 0 && (state.active.size === 0 || settings().callIntervalMs > 0 || free >= Math.ceil(inFlightLimit() * REFILL_SHARE));
  };
  // The search attribute is written only when it changes: each write is a history event and an index update.
  let shownStatus: string | undefined;
  const showState = () => {
    if (shownStatus !== state.liveStatus()) {
      shownStatus = state.liveStatus();
      upsertSearchAttributes([{ key: CampaignStatusKey, value: shownStatus }]);
    }
    setCurrentDetails(state.details(run.name));
  };

  /**
   * Writes every change still pending; a change that arrives during the write is written next. Once the row
   * no longer says paused, the calls held at the gate by the pause are told to look again (dial, or end).
   */
  const record = async () => {
    for (let pending = state.pendingRecord(); pending; pending = state.pendingRecord()) {
      const wasPaused = state.recordedStatus() === 'paused';
      await activities.recordCampaignState({ campaignId, ...pending, at: new Date(Date.now()).toISOString() });
      state.markRecorded(pending);
      showState();
      if (wasPaused && pending.status !== 'paused') await Promise.all([...state.active].map(wakeHeldCall));
    }
  };
  const wakeHeldCall = (workflowId: string) =>
    getExternalWorkflowHandle(workflowId)
      .signal(campaignResumedSignal)
      .catch(() => undefined); // A call that already ended needs no word.

  // Calls a previous run started report through their closed workflows, looked up until none is left.
  const carried = new Set(state.active);
  const followCarriedCalls = async () => {
    while (carried.size > 0) {
      await sleep(CARRIED_CHECK_MS);
      try {
        for (const { workflowId, report } of await activities.callReports([...carried])) {
          carried.delete(workflowId);
          if (report) state.callFinished(report);
          else state.callLost(workflowId);
        }
      } catch (error) {
        log.warn('could not look up the calls a previous run started; trying again', { error: String(error) });
      }
    }
  };
  void followCarriedCalls();

  let claimSeq = 0;
  let starting = 0;
  let progressAt = 0;
  let nextDialAt = input.carry?.nextDialAt ?? 0;
  const info = workflowInfo();
  for (;;) {
    try {
      await record();
      if (state.stopping) break;
      const now = workflowInfo();
      if (now.historyLength >= HISTORY_BUDGET || now.continueAsNewSuggested) {
        // Every start this run asked for is confirmed first, so each call it carries over exists.
        await condition(() => starting === 0 && allHandlersFinished());
        await continueAsNew<typeof campaignWorkflow>({ campaignId, carry: { ...state.toCarry(settings()), nextDialAt } });
      }
      await condition(() => state.pendingRecord() !== undefined || canRefill());
      // A change is recorded before the next claim: after a resume the gate must already read `active`.
      if (state.pendingRecord() !== undefined || !canRefill()) continue;
      const interval = settings().callIntervalMs;
      // Pacing: the next calls start ahead of their dial slots, waiting in a durable timer that a control signal cuts short.
      if (interval > 0 && Date.now() < nextDialAt - PACING_LEAD_MS) {
        await condition(() => state.pendingRecord() !== undefined || !canDial(), nextDialAt - PACING_LEAD_MS - Date.now());
        continue;
      }

      const claimToken = `${info.workflowId}/${info.runId}/${claimSeq++}`;
      const free = inFlightLimit() - state.active.size;
      // Paced, a claim takes about a second's worth of dial slots.
      const limit = interval > 0 ? Math.min(free, Math.ceil(1000 / interval)) : free;
      const withProgress = Date.now() - progressAt >= PROGRESS_EVERY_MS;
      const claim = await activities.claimDueContacts({ campaignId, claimToken, limit, withProgress });
      if (claim.progress) {
        state.progress = claim.progress;
        progressAt = Date.now();
      }

      if (claim.contacts.length === 0) {
        if (claim.progress?.pendingContacts === 0 && state.active.size === 0) break;
        // Nothing due now: wake for a finished call, the next retry, or a control signal.
        const nextDueAt = claim.progress?.nextDueAt ?? null;
        const waitMs = nextDueAt ? Math.max(0, Date.parse(nextDueAt) - Date.now()) : IDLE_POLL_MS;
        state.nextCallTime = nextDueAt;
        showState();
        const activeBefore = state.active.size;
        await condition(() => state.pendingRecord() !== undefined || state.active.size < activeBefore, Math.max(waitMs, 10));
        continue;
      }

      for (const [i, contact] of claim.contacts.entries()) {
        if (!canDial()) {
          await activities.releaseContacts({ claimToken, contactIds: claim.contacts.slice(i).map((c) => c.contactId) });
          break;
        }
        const ref = { campaignId, contactId: contact.contactId, attempt: contact.attempt };
        const childId = callWorkflowId(ref);
        // Counted before the start resolves: the child's result may arrive in the same activation.
        state.active.add(childId);
        starting += 1;
        const started = startChild(callWorkflow, {
          workflowId: childId,
          staticSummary: `Call ${contact.phone}, attempt ${contact.attempt}`,
          args: [{ ...ref, campaignWorkflowId: info.workflowId }],
          // Children outlive a continue-as-new of this run; the next run looks up their results.
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: [
            { key: CampaignIdKey, value: campaignId },
            { key: OrganizationIdKey, value: run.organizationId },
            { key: ContactIdKey, value: contact.contactId },
            { key: AttemptKey, value: contact.attempt },
          ],
        });
        // A child that ends without a result (terminated from Web UI, failed) must not hold a slot forever.
        const lost = (error: unknown) => {
          log.warn('call ended without a result; its slot is free again', { workflowId: childId, error: String(error) });
          state.callLost(childId);
        };
        // The next claim does not wait for these starts: they are confirmed while the campaign dials on.
        void started
          .finally(() => void (starting -= 1))
          .then((child) => child.result().then((report) => state.callFinished(report), lost), lost);
        state.lastCallTime = new Date(Date.now()).toISOString();
      }
      // The next claim's slots follow these ones, not now, so the mean interval stays exact.
      nextDialAt = interval > 0 ? Math.max(nextDialAt, Date.now()) + claim.contacts.length * interval : 0;
      state.nextCallTime = interval > 0 ? new Date(nextDialAt).toISOString() : null;
      showState();
    } catch (error) {
      // The database stayed out of reach through every retry: pause and say why, rather than fail the campaign.
      if (!(error instanceof ActivityFailure)) throw error;
      log.error('campaign activity failed; pausing the campaign', { error: String(error.cause?.message ?? error.message) });
      state.pause(`engine error: ${error.cause?.message ?? error.message}`);
    }
  }

  // A graceful stop lets calls in flight finish and record their results.
  await condition(() => state.active.size === 0);
  await condition(allHandlersFinished);
  state.nextCallTime = null;
  state.progress = await activities.campaignProgress(campaignId);
  if (!state.stopping) {
    await activities.recordCampaignState({ campaignId, status: 'completed', reason: null, at: new Date(Date.now()).toISOString() });
  }
  const final = state.stopping ? 'stopped' : 'completed';
  upsertSearchAttributes([{ key: CampaignStatusKey, value: final }]);
  setCurrentDetails(state.details(run.name));
  return state.queueStatus(final);
}

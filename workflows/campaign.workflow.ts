import {
  ApplicationFailure,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities, ClaimResult } from '../activities';
import {
  ANSWERED_OUTCOMES,
  type CallOutcome,
  type CallSettings,
  type QueueStatus,
  callWorkflowId,
} from '../libs/contracts/src';
import { callWorkflow } from './call.workflow';
import {
  callFinishedSignal,
  pauseSignal,
  resumeSignal,
  statusQuery,
  stopSignal,
  updateSettingsUpdate,
} from './messages';
import { AttemptKey, CampaignIdKey, ContactIdKey, OrganizationIdKey } from './search-attributes';

const activities = proxyActivities<Activities>({
  // Database work takes milliseconds; a short limit lets a task lost with a dead worker run again soon.
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', maximumInterval: '10s' },
});

/** Temporal's limit is 2,000 pending children per run; stay far below it. */
const MAX_IN_FLIGHT = 500;
/** Outcomes that say the line, not the person, failed: what the circuit breaker counts. */
const TECHNICAL_FAILURES: readonly CallOutcome[] = ['failed', 'congestion'];
/** When nothing is due and no time is known, look again after this long. */
const IDLE_POLL_MS = 60_000;

/** Counters and cursors carried across continue-as-new; never contact lists. */
export interface CampaignCarry {
  processedContacts: number;
  successfulCalls: number;
  failedCalls: number;
  lastCallTime: string | null;
  paused: boolean;
  pauseReason: string | null;
  /** Recent attempts, true for a technical failure: the circuit breaker's memory. */
  recentFailures: boolean[];
  /** Children still running, by workflow id: they report to the next run by workflow id. */
  activeCalls: string[];
  settings?: CallSettings;
}

export interface CampaignWorkflowInput {
  campaignId: string;
  carry?: CampaignCarry;
}

/** Checks the fields present; a full settings object passes when every field is valid. */
export function validateSettings(settings: Partial<CallSettings>): void {
  const problems: string[] = [];
  const { maxConcurrentCalls, callIntervalMs, retryAttempts, retryDelayMinutes, callTimeoutSeconds, maxCallSeconds } = settings;
  if (maxConcurrentCalls !== undefined && !(Number.isInteger(maxConcurrentCalls) && maxConcurrentCalls >= 1 && maxConcurrentCalls <= MAX_IN_FLIGHT)) {
    problems.push(`maxConcurrentCalls must be an integer from 1 to ${MAX_IN_FLIGHT}`);
  }
  if (callIntervalMs !== undefined && !(callIntervalMs >= 0)) problems.push('callIntervalMs must be >= 0');
  if (retryAttempts !== undefined && !(Number.isInteger(retryAttempts) && retryAttempts >= 0)) problems.push('retryAttempts must be an integer >= 0');
  if (retryDelayMinutes !== undefined && !(retryDelayMinutes >= 0)) problems.push('retryDelayMinutes must be >= 0');
  if (callTimeoutSeconds !== undefined && !(callTimeoutSeconds >= 1)) problems.push('callTimeoutSeconds must be >= 1');
  if (maxCallSeconds !== undefined && !(maxCallSeconds >= 10)) problems.push('maxCallSeconds must be >= 10');
  if (problems.length) throw ApplicationFailure.nonRetryable(problems.join('; '), 'InvalidSettings');
}

/** Paces the dials of one campaign: claims due contacts in pages and runs one CallWorkflow per attempt. */
export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<QueueStatus> {
  const info = workflowInfo();
  // Handlers are registered before the first await, so queries and signals work from the first task.
  let settings: CallSettings | undefined = input.carry?.settings;
  const carry = input.carry;
  const active = new Set<string>(carry?.activeCalls ?? []);
  let processed = carry?.processedContacts ?? 0;
  let successful = carry?.successfulCalls ?? 0;
  let failed = carry?.failedCalls ?? 0;
  let lastCallTime = carry?.lastCallTime ?? null;
  let paused = carry?.paused ?? false;
  let pauseReason = carry?.pauseReason ?? null;
  let recentFailures = carry?.recentFailures ?? [];
  let breakerTripped = false;
  let stopping = false;
  let nextCallTime: string | null = null;
  let progress: Omit<ClaimResult, 'contacts'> = { totalContacts: 0, pendingContacts: 0, nextDueAt: null };
  let claimSeq = 0;

  const status = (state: QueueStatus['status']): QueueStatus => ({
    status: state,
    paused,
    pauseReason,
    totalContacts: progress.totalContacts,
    processedContacts: processed,
    successfulCalls: successful,
    failedCalls: failed,
    activeCalls: active.size,
    lastCallTime,
    nextCallTime,
  });

  setHandler(statusQuery, () => status(stopping ? 'stopping' : paused ? 'paused' : 'running'));
  setHandler(pauseSignal, () => void (paused = true));
  setHandler(resumeSignal, () => {
    paused = false;
    pauseReason = null;
    // A resumed campaign judges its line afresh rather than tripping again on the old failures.
    recentFailures = [];
  });
  setHandler(stopSignal, () => void (stopping = true));
  setHandler(
    updateSettingsUpdate,
    async (patch): Promise<CallSettings> => {
      await condition(() => settings !== undefined);
      // Saved first: the calls read their settings from the campaign row.
      const saved = await activities.saveCallSettings({ campaignId: input.campaignId, patch });
      settings = saved;
      return saved;
    },
    { validator: (patch) => validateSettings(patch) },
  );
  setHandler(callFinishedSignal, (report) => {
    if (!active.delete(report.workflowId)) return;
    if (report.contactFinal) processed += 1;
    // An attempt the gate refused is not a call: it counts neither as a success nor as a failure.
    if (!report.dialed) return;
    if (ANSWERED_OUTCOMES.includes(report.outcome)) successful += 1;
    else failed += 1;
    // Settings are known here: children exist only after the first run loaded them, and later runs carry them.
    const s = settings;
    if (!s) return;
    recentFailures = [...recentFailures, TECHNICAL_FAILURES.includes(report.outcome)].slice(-s.breakerWindow);
    const failures = recentFailures.filter(Boolean).length;
    if (!paused && recentFailures.length >= s.breakerMinCalls && failures / recentFailures.length >= s.breakerFailureRate) {
      paused = true;
      pauseReason = `circuit breaker: ${failures} of the last ${recentFailures.length} attempts failed (threshold ${Math.round(s.breakerFailureRate * 100)}%)`;
      breakerTripped = true;
    }
  });

  // The first run marks the campaign active; a continued run keeps what the admin set.
  const run = await activities.loadCampaignRun({ campaignId: input.campaignId, activate: carry === undefined });
  settings ??= run.settings;
  const current = (): CallSettings => settings ?? run.settings;

  const canDial = () => !paused && !stopping && active.size < Math.min(current().maxConcurrentCalls, MAX_IN_FLIGHT);

  for (;;) {
    if (stopping) break;
    if (breakerTripped) {
      breakerTripped = false;
      await activities.setCampaignStatus({ campaignId: input.campaignId, status: 'paused' });
    }
    if (info.continueAsNewSuggested || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof campaignWorkflow>({
        campaignId: input.campaignId,
        carry: {
          processedContacts: processed,
          successfulCalls: successful,
          failedCalls: failed,
          lastCallTime,
          paused,
          pauseReason,
          recentFailures,
          activeCalls: [...active],
          settings: current(),
        },
      });
    }
    await condition(() => stopping || breakerTripped || canDial());
    if (breakerTripped) continue;
    if (stopping) break;

    const claimToken = `${info.workflowId}/${info.runId}/${claimSeq++}`;
    const free = Math.min(current().maxConcurrentCalls, MAX_IN_FLIGHT) - active.size;
    const claim = await activities.claimDueContacts({ campaignId: input.campaignId, claimToken, limit: free });
    progress = claim;

    if (claim.contacts.length === 0) {
      if (claim.pendingContacts === 0 && active.size === 0) break;
      // Nothing due now: wake for a finished call, the next retry, or a control signal.
      const waitMs = claim.nextDueAt ? Math.max(0, Date.parse(claim.nextDueAt) - Date.now()) : IDLE_POLL_MS;
      nextCallTime = claim.nextDueAt;
      const activeBefore = active.size;
      await condition(() => stopping || active.size < activeBefore, Math.max(waitMs, 10));
      continue;
    }

    // With no interval the page starts at once; with one, each start waits out the interval.
    const starting: Promise<unknown>[] = [];
    for (let i = 0; i < claim.contacts.length; i++) {
      const contact = claim.contacts[i]!;
      if (!canDial()) {
        await activities.releaseContacts({ claimToken, contactIds: claim.contacts.slice(i).map((c) => c.contactId) });
        break;
      }
      const ref = { campaignId: input.campaignId, contactId: contact.contactId, attempt: contact.attempt };
      const childId = callWorkflowId(ref);
      // Counted before the start resolves: the child's report may arrive in the same activation.
      active.add(childId);
      const started = startChild(callWorkflow, {
        workflowId: childId,
        staticSummary: `Call ${contact.phone}, attempt ${contact.attempt}`,
        args: [{ ...ref, campaignWorkflowId: info.workflowId }],
        // Children outlive a continue-as-new of this run and report to the next one by workflow id.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: CampaignIdKey, value: input.campaignId },
          { key: OrganizationIdKey, value: run.organizationId },
          { key: ContactIdKey, value: contact.contactId },
          { key: AttemptKey, value: contact.attempt },
        ],
      });
      lastCallTime = new Date(Date.now()).toISOString();
      const interval = current().callIntervalMs;
      nextCallTime = new Date(Date.now() + interval).toISOString();
      if (interval > 0) {
        await started;
        await sleep(interval);
      } else {
        starting.push(started);
      }
    }
    await Promise.all(starting);
  }

  // A graceful stop lets calls in flight finish and record their results.
  await condition(() => active.size === 0);
  await condition(allHandlersFinished);
  nextCallTime = null;
  const final = stopping ? 'stopped' : 'completed';
  if (!stopping) await activities.setCampaignStatus({ campaignId: input.campaignId, status: 'completed' });
  return status(final);
}

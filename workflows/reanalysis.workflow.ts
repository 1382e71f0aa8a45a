import {
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DATABASE_ACTIVITY, REANALYSIS_PAGE_ACTIVITY } from './activity-options';
import { type ReanalysisCounts, type ReanalysisProgress, type ReanalysisStatus, pauseSignal, reanalysisStatusQuery, resumeSignal } from '../libs/contracts/src';

const steps = proxyActivities<Activities>(DATABASE_ACTIVITY);
const pages = proxyActivities<Activities>(REANALYSIS_PAGE_ACTIVITY);

export const DEFAULT_REANALYSIS_PAGE_SIZE = 100;
/**
 * Pages per run before it continues as new: each page adds about six events, so a run stays near 1,200
 * events (well under the server's 4,096 suggestion) whatever the number of calls.
 */
export const REANALYSIS_PAGES_PER_RUN = 200;

/** What a continued run takes over: counters and the cursor, never call ids beyond the last one. */
export interface ReanalysisCarry {
  total: number;
  counts: ReanalysisCounts;
  after: string | null;
  paused: boolean;
  /** Whether the row says paused now, so a continued run does not write it again. */
  recordedPaused: boolean;
}

export interface ReanalysisWorkflowInput {
  reanalysisId: string;
  pageSize?: number;
  /** Continue-as-new every this many pages (tests lower it). */
  pagesPerRun?: number;
  carry?: ReanalysisCarry;
}

/** The live state of one run; the signal and query handlers are its methods. */
class ReanalysisRun {
  status: ReanalysisStatus = 'running';
  paused = false;
  recordedPaused = false;
  total = 0;
  counts: ReanalysisCounts = { processed: 0, changed: 0, backfilled: 0 };
  after: string | null = null;

  static fromCarry(carry: ReanalysisCarry | undefined): ReanalysisRun {
    const run = new ReanalysisRun();
    if (!carry) return run;
    Object.assign(run, { total: carry.total, counts: carry.counts, after: carry.after, paused: carry.paused, recordedPaused: carry.recordedPaused });
    return run;
  }

  toCarry(): ReanalysisCarry {
    return { total: this.total, counts: this.counts, after: this.after, paused: this.paused, recordedPaused: this.recordedPaused };
  }

  progress(reanalysisId: string): ReanalysisProgress {
    const status = this.status === 'running' && this.paused ? 'paused' : this.status;
    return { reanalysisId, status, total: this.total, ...this.counts };
  }

  details(): string {
    const { processed, changed, backfilled } = this.counts;
    return `Re-analysis ${this.progress('').status}: ${processed} of ${this.total} calls, ${changed} changed, ${backfilled} first versions kept`;
  }
}

/**
 * Re-analyses stored calls page by page (by call id) over their stored turns, with today's rules, script and
 * model; it dials nobody. Pause and resume are the same signals as a campaign's (Web UI sends them with no
 * input); a cancel records the run as cancelled; each page's writes are idempotent per call and run, so a
 * retry, a reset or a terminate-and-restart never adds a second version or counts a call twice.
 */
export async function reanalysisWorkflow(input: ReanalysisWorkflowInput): Promise<ReanalysisProgress> {
  const { reanalysisId, pageSize = DEFAULT_REANALYSIS_PAGE_SIZE, pagesPerRun = REANALYSIS_PAGES_PER_RUN } = input;
  const run = ReanalysisRun.fromCarry(input.carry);
  setHandler(reanalysisStatusQuery, () => run.progress(reanalysisId));
  setHandler(pauseSignal, () => {
    run.paused = true;
  });
  setHandler(resumeSignal, () => {
    run.paused = false;
  });
  const show = () => setCurrentDetails(run.details());

  try {
    if (!input.carry) run.total = (await steps.startReanalysis({ reanalysisId })).total;
    show();
    for (let pagesThisRun = 0; ; ) {
      if (run.paused !== run.recordedPaused) {
        const paused = run.paused;
        await steps.recordReanalysisState({ reanalysisId, status: paused ? 'paused' : 'running' });
        run.recordedPaused = paused;
        show();
        continue;
      }
      if (run.paused) {
        await condition(() => !run.paused);
        continue;
      }
      if (pagesThisRun >= pagesPerRun || workflowInfo().continueAsNewSuggested) {
        await condition(allHandlersFinished);
        return await continueAsNew<typeof reanalysisWorkflow>({ reanalysisId, pageSize, pagesPerRun, carry: run.toCarry() });
      }
      const page = await pages.reanalyzePage({ reanalysisId, after: run.after, pageSize, before: run.counts });
      pagesThisRun += 1;
      run.counts = page.counts;
      show();
      if (page.lastCallId === null) break;
      run.after = page.lastCallId;
    }
    await steps.recordReanalysisState({ reanalysisId, status: 'completed', counts: run.counts });
    run.status = 'completed';
    show();
    return run.progress(reanalysisId);
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // Recorded even though the run is being cancelled; it stays a cancellation in Temporal's eyes too.
    await CancellationScope.nonCancellable(() => steps.recordReanalysisState({ reanalysisId, status: 'cancelled' }));
    throw error;
  }
}

import { randomUUID } from 'node:crypto';
import type { ReanalysisActivities } from '../activities/reanalysis.activities';
import {
  type ReanalysisCounts,
  type ReanalysisPageInput,
  type ReanalysisPageResult,
  type ReanalysisStatus,
  pauseSignal,
  reanalysisStatusQuery,
  reanalysisWorkflowId,
  resumeSignal,
} from '../libs/contracts/src';
import { type WorkflowTestKit, recordHistory, waitFor, workflowTestKit } from '../test/support/workflow-kit';
import { reanalysisWorkflow } from './reanalysis.workflow';

let kit: WorkflowTestKit;
beforeAll(async () => {
  kit = await workflowTestKit();
});
afterAll(() => kit?.close());

/** The re-analysis activities over `total` numbered calls in memory; every call changes. A page may be held by the test. */
class FakeCalls {
  readonly reanalysisId = randomUUID();
  readonly pages: ReanalysisPageInput[] = [];
  readonly states: ReanalysisStatus[] = [];
  starts = 0;
  /** While set, a page waits for it before it answers. */
  hold?: Promise<void>;

  constructor(private readonly total: number) {}

  activities(): Pick<ReanalysisActivities, 'startReanalysis' | 'reanalyzePage' | 'recordReanalysisState'> {
    return {
      startReanalysis: async () => {
        this.starts += 1;
        return { total: this.total };
      },
      reanalyzePage: async (input): Promise<ReanalysisPageResult> => {
        this.pages.push(input);
        await this.hold;
        const from = input.after === null ? 0 : Number(input.after) + 1;
        const size = Math.max(0, Math.min(input.pageSize, this.total - from));
        const counts: ReanalysisCounts = { processed: input.before.processed + size, changed: input.before.changed + size, backfilled: input.before.backfilled };
        return { counts, lastCallId: size < input.pageSize ? null : String(from + size - 1) };
      },
      recordReanalysisState: async (input) => {
        this.states.push(input.status);
      },
    };
  }
}

describe(reanalysisWorkflow.name, () => {
  it('continues as new every few pages, carrying its cursor and counters, and counts its calls once', async () => {
    const calls = new FakeCalls(23);
    const result = await kit.withWorker(calls, async (taskQueue) => {
      const handle = await kit.client.workflow.start(reanalysisWorkflow, {
        taskQueue,
        workflowId: reanalysisWorkflowId(calls.reanalysisId),
        args: [{ reanalysisId: calls.reanalysisId, pageSize: 5, pagesPerRun: 2 }],
      });
      return handle.result();
    });
    expect(result).toEqual({ reanalysisId: calls.reanalysisId, status: 'completed', total: 23, processed: 23, changed: 23, backfilled: 0 });
    expect(calls.starts).toBe(1);
    // Each page starts after the previous one's last call, with the counters so far, across the three runs.
    expect(calls.pages.map((p) => [p.after, p.before.processed])).toEqual([
      [null, 0],
      ['4', 5],
      ['9', 10],
      ['14', 15],
      ['19', 20],
    ]);
    const runs = await kit.client.workflow.count(`WorkflowId = '${reanalysisWorkflowId(calls.reanalysisId)}'`);
    expect(runs.count).toBe(3);
    expect(calls.states).toEqual(['completed']);
  });

  it('paused during a page, starts no other until resumed, and says so in its query and on the row', async () => {
    const calls = new FakeCalls(30);
    let release!: () => void;
    calls.hold = new Promise((resolve) => (release = resolve));
    await kit.withWorker(calls, async (taskQueue) => {
      const handle = await kit.client.workflow.start(reanalysisWorkflow, {
        taskQueue,
        workflowId: reanalysisWorkflowId(calls.reanalysisId),
        args: [{ reanalysisId: calls.reanalysisId, pageSize: 10 }],
      });
      await waitFor(() => calls.pages.length === 1, 'the first page');
      await handle.signal(pauseSignal);
      release();
      calls.hold = undefined;
      await waitFor(() => calls.states.includes('paused'), 'the pause to be recorded');
      expect(await handle.query(reanalysisStatusQuery)).toMatchObject({ status: 'paused', processed: 10 });
      expect(calls.pages).toHaveLength(1);

      await handle.signal(resumeSignal);
      expect(await handle.result()).toMatchObject({ status: 'completed', processed: 30 });
      await recordHistory('reanalysis-pause-resume', handle);
    });
    expect(calls.states).toEqual(['paused', 'running', 'completed']);
    expect(calls.pages.map((p) => p.after)).toEqual([null, '9', '19', '29']);
  });

  it('cancelled, records the run as cancelled and ends as a cancellation', async () => {
    const calls = new FakeCalls(100);
    let release!: () => void;
    calls.hold = new Promise((resolve) => (release = resolve));
    await kit.withWorker(calls, async (taskQueue) => {
      const handle = await kit.client.workflow.start(reanalysisWorkflow, {
        taskQueue,
        workflowId: reanalysisWorkflowId(calls.reanalysisId),
        args: [{ reanalysisId: calls.reanalysisId, pageSize: 10 }],
      });
      await waitFor(() => calls.pages.length === 1, 'the first page');
      await handle.cancel();
      await expect(handle.result()).rejects.toThrow();
      expect((await handle.describe()).status.name).toBe('CANCELLED');
      // The page in flight ends by itself (the worker waits for it to shut down); the run no longer listens.
      release();
    });
    expect(calls.states).toEqual(['cancelled']);
  });
});

import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { CallFinished } from '../libs/contracts/src';

export interface CallReport {
  workflowId: string;
  /** Null when the call closed without a result (terminated from Web UI, failed, timed out). */
  report: CallFinished | null;
}

/**
 * The results of call workflows a campaign run did not start itself (its previous run did, before it
 * continued as new), read from Temporal: a call still running is left out.
 */
export class CallRuns {
  constructor(private readonly client: Client) {}

  async reports(workflowIds: string[]): Promise<CallReport[]> {
    const found = await Promise.all(workflowIds.map(async (workflowId) => ({ workflowId, report: await this.reportOf(workflowId) })));
    return found.filter((f): f is CallReport => f.report !== undefined);
  }

  private async reportOf(workflowId: string): Promise<CallFinished | null | undefined> {
    const handle = this.client.workflow.getHandle(workflowId);
    try {
      const { status } = await handle.describe();
      if (status.name === 'RUNNING') return undefined;
      if (status.name !== 'COMPLETED') return null;
      return (await handle.result()) as CallFinished;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }
}

import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { type AppConfig } from '../../../../libs/config/src';
import { OrganizationIdKey, type ReanalysisFilters, pauseSignal, reanalysisWorkflowId, resumeSignal } from '../../../../libs/contracts/src';
import { type ReanalysisRecord, ReanalysisRepository } from '../../../../libs/db/src';
import { reanalysisWorkflow } from '../../../../workflows';
import { APP_CONFIG } from '../common/app-config.provider';
import { TEMPORAL_CLIENT } from '../temporal/temporal.provider';

/** A run as GET /calls/reanalyze/{id} answers it. */
export interface ReanalysisView extends ReanalysisRecord {
  /** Temporal's status of the run's workflow, lower case; null when Temporal did not answer. */
  workflowStatus: string | null;
  /** The row says running or paused, but the workflow ended without our code (terminated, failed, timed out). */
  interrupted: boolean;
  /** Calls re-analysed per second since the run started (paused time included), and those seconds. */
  throughput: { callsPerSecond: number; elapsedSeconds: number };
}

export type ReanalysisControl = 'pause' | 'resume' | 'cancel';

const DESCRIBE_TIMEOUT_MS = 2_000;

/** Starts, steers and reports re-analysis runs; each run is one reanalysisWorkflow. */
@Injectable()
export class ReanalysesService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reanalyses: ReanalysisRepository,
  ) {}

  async start(organizationId: string, filters: ReanalysisFilters): Promise<ReanalysisView> {
    const run = await this.reanalyses.create(organizationId, filters, reanalysisWorkflowId);
    await this.temporal.workflow.start(reanalysisWorkflow, {
      taskQueue: this.config.temporal.taskQueue,
      workflowId: run.workflowId,
      args: [{ reanalysisId: run.id }],
      typedSearchAttributes: [{ key: OrganizationIdKey, value: organizationId }],
    });
    return this.view(run, 'running');
  }

  /** Another organization's run is answered exactly like a missing one. */
  async get(organizationId: string, id: string): Promise<ReanalysisView> {
    const run = await this.find(organizationId, id);
    return this.view(run, await this.workflowStatus(run.workflowId));
  }

  /** Sends the signal (or the cancel request) Temporal Web UI would send; the workflow records the new state. */
  async control(organizationId: string, id: string, action: ReanalysisControl): Promise<ReanalysisView> {
    const run = await this.find(organizationId, id);
    const finished = run.status === 'completed' || run.status === 'cancelled';
    if (finished || (await this.workflowStatus(run.workflowId)) !== 'running') throw new ConflictException(`Re-analysis ${id} is not running`);
    const handle = this.temporal.workflow.getHandle(run.workflowId);
    if (action === 'cancel') await handle.cancel();
    else await handle.signal(action === 'pause' ? pauseSignal : resumeSignal, {});
    return this.view(run, 'running');
  }

  private async find(organizationId: string, id: string): Promise<ReanalysisRecord> {
    const run = await this.reanalyses.find(organizationId, id);
    if (!run) throw new NotFoundException(`Re-analysis ${id} not found`);
    return run;
  }

  private async workflowStatus(workflowId: string): Promise<string | null> {
    const describe = this.temporal.workflow
      .getHandle(workflowId)
      .describe()
      .then((d) => d.status.name.toLowerCase())
      .catch((error: unknown) => (error instanceof WorkflowNotFoundError ? 'not_found' : null));
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), DESCRIBE_TIMEOUT_MS).unref());
    return Promise.race([describe, timeout]);
  }

  private view(run: ReanalysisRecord, workflowStatus: string | null): ReanalysisView {
    const live = run.status === 'running' || run.status === 'paused';
    const end = run.finishedAt ?? new Date();
    const elapsedSeconds = run.startedAt ? Math.max(0, (end.getTime() - run.startedAt.getTime()) / 1000) : 0;
    return {
      ...run,
      workflowStatus,
      interrupted: live && workflowStatus !== null && workflowStatus !== 'running',
      throughput: {
        callsPerSecond: elapsedSeconds > 0 ? Math.round((run.processed / elapsedSeconds) * 10) / 10 : 0,
        elapsedSeconds: Math.round(elapsedSeconds * 10) / 10,
      },
    };
  }
}

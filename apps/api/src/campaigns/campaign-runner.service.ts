import { BadRequestException, ConflictException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type Client,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../../../libs/config/src';
import { type CallSettings, type QueueStatus, campaignWorkflowId } from '../../../../libs/contracts/src';
import { Campaign } from '../../../../libs/db/src';
import { pauseSignal, resumeSignal, statusQuery, stopSignal, updateSettingsUpdate } from '../../../../workflows/messages';
import { CampaignIdKey, OrganizationIdKey } from '../../../../workflows/search-attributes';
import { APP_CONFIG } from '../common/app-config.provider';
import { TEMPORAL_CLIENT } from '../temporal/temporal.provider';

const VISIBILITY_TIMEOUT_MS = 2_000;

/** Starts and steers CampaignWorkflows; the API's only door to the engine. */
@Injectable()
export class CampaignRunner {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /**
   * A double start returns the run already going. The describe answers "already running" for the common
   * case; the conflict policy USE_EXISTING keeps two racing starts to one workflow.
   */
  async start(campaignId: string, organizationId: string): Promise<{ runId: string; alreadyRunning: boolean }> {
    const workflowId = campaignWorkflowId(campaignId);
    const running = await this.runningRunId(workflowId);
    if (running) return { runId: running, alreadyRunning: true };
    const handle = await this.temporal.workflow.start('campaignWorkflow', {
      taskQueue: this.config.temporal.taskQueue,
      workflowId,
      staticSummary: `Campaign ${campaignId}`,
      args: [{ campaignId }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      typedSearchAttributes: [
        { key: CampaignIdKey, value: campaignId },
        { key: OrganizationIdKey, value: organizationId },
      ],
    });
    return { runId: handle.firstExecutionRunId, alreadyRunning: false };
  }

  /**
   * The organization's campaigns whose workflow runs, from Temporal's visibility store in one query; undefined
   * when Temporal does not answer in time, so a list of campaigns never waits on it.
   */
  async runningCampaignIds(organizationId: string): Promise<Set<string> | undefined> {
    const query = `WorkflowType = 'campaignWorkflow' AND ExecutionStatus = 'Running' AND OrganizationId = '${organizationId.replace(/[^0-9a-f-]/gi, '')}'`;
    const collect = async () => {
      const ids = new Set<string>();
      for await (const execution of this.temporal.workflow.list({ query })) {
        const campaignId = execution.typedSearchAttributes.get(CampaignIdKey);
        if (campaignId) ids.add(campaignId);
      }
      return ids;
    };
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), VISIBILITY_TIMEOUT_MS).unref());
    return Promise.race([collect().catch(() => undefined), timeout]);
  }

  async isRunning(campaignId: string): Promise<boolean> {
    return (await this.runningRunId(campaignWorkflowId(campaignId))) !== undefined;
  }

  private async runningRunId(workflowId: string): Promise<string | undefined> {
    try {
      const description = await this.temporal.workflow.getHandle(workflowId).describe();
      return description.status.name === 'RUNNING' ? description.runId : undefined;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * Pause, resume or stop a running campaign. The campaign row changes first: each call's compliance gate
   * reads it, so a call already on its way to the dial does not dial once this returns.
   */
  async signal(campaignId: string, action: 'pause' | 'resume' | 'stop'): Promise<void> {
    const signal = { pause: pauseSignal, resume: resumeSignal, stop: stopSignal }[action];
    const workflowId = campaignWorkflowId(campaignId);
    if (!(await this.runningRunId(workflowId))) throw new ConflictException(`Campaign ${campaignId} is not running`);
    const status = ({ pause: 'paused', resume: 'active', stop: 'stopped' } as const)[action];
    await this.db.getRepository(Campaign).update({ id: campaignId }, { status });
    await this.temporal.workflow.getHandle(workflowId).signal(signal);
  }

  /** A validated live change of a running campaign's settings; the workflow saves them on the campaign. */
  async updateSettings(campaignId: string, patch: Partial<CallSettings>): Promise<CallSettings | undefined> {
    const workflowId = campaignWorkflowId(campaignId);
    if (!(await this.runningRunId(workflowId))) return undefined;
    try {
      return await this.temporal.workflow.getHandle(workflowId).executeUpdate(updateSettingsUpdate, { args: [patch] });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        throw new BadRequestException(`callSettings: ${error.cause?.message ?? error.message}`);
      }
      throw error;
    }
  }

  /** The live status from the workflow query; a finished run answers with its final status. */
  async status(campaignId: string): Promise<QueueStatus | undefined> {
    const handle = this.temporal.workflow.getHandle(campaignWorkflowId(campaignId));
    try {
      const description = await handle.describe();
      if (description.status.name === 'RUNNING') return await handle.query(statusQuery);
      if (description.status.name === 'COMPLETED') return (await handle.result()) as QueueStatus;
      return undefined;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }
}

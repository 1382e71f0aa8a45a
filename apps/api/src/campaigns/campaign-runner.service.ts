import { BadRequestException, ConflictException, Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcDeadlineError } from '@temporalio/client';
import {
  type CallSettings,
  CampaignIdKey,
  type CampaignStatus,
  type LaunchResult,
  type QueueStatus,
  campaignWorkflowId,
  pauseSignal,
  resumeSignal,
  statusQuery,
  stopSignal,
  updateSettingsUpdate,
} from '../../../../libs/contracts/src';
import { CampaignRepository } from '../../../../libs/db/src';
import { CampaignLauncher } from '../../../../libs/scheduling/src';
import { campaignWorkflow } from '../../../../workflows';
import { TEMPORAL_CLIENT } from '../temporal/temporal.provider';

const VISIBILITY_TIMEOUT_MS = 2_000;
/** How long a control request waits for the workflow to record the new state before answering anyway. */
const RECORD_WAIT_MS = 5_000;

export type ControlAction = 'pause' | 'resume' | 'stop';
const SIGNALS = { pause: pauseSignal, resume: resumeSignal, stop: stopSignal } as const;
const RECORDED: Record<ControlAction, CampaignStatus> = { pause: 'paused', resume: 'active', stop: 'stopped' };

/** The campaign's workflow as the API sees it: whether it runs, and how its last run ended. */
export interface EngineState {
  /** Temporal's execution status of the campaign's workflow, lower case; `not_started` when it never ran; null when Temporal did not answer. */
  workflowStatus: string | null;
  /** The row says active or paused but the last run was terminated, cancelled or failed: start it again. */
  interrupted: boolean;
}

/** Starts and steers CampaignWorkflows; the API's only door to the engine. */
@Injectable()
export class CampaignRunner {
  private readonly logger = new Logger(CampaignRunner.name);

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly campaigns: CampaignRepository,
    private readonly launcher: CampaignLauncher,
  ) {}

  /** The API's start: the checks and the start a scheduled launch makes too (`CampaignLauncher`). */
  launch(campaignId: string): Promise<LaunchResult> {
    return this.launcher.launch(campaignId, { refuseWhenNothingToCall: false });
  }

  /**
   * The organization's campaigns whose workflow runs, and those with a run that ended without our code
   * (terminated, cancelled, failed, timed out), from Temporal's visibility store; undefined when Temporal does
   * not answer in time, so a list of campaigns never waits on it.
   */
  async runStates(organizationId: string): Promise<{ running: Set<string>; abnormal: Set<string> } | undefined> {
    const scope = `WorkflowType = '${campaignWorkflow.name}' AND OrganizationId = '${organizationId.replace(/[^0-9a-f-]/gi, '')}'`;
    const collect = async (status: string) => {
      const ids = new Set<string>();
      for await (const execution of this.temporal.workflow.list({ query: `${scope} AND ${status}` })) {
        const campaignId = execution.typedSearchAttributes.get(CampaignIdKey);
        if (campaignId) ids.add(campaignId);
      }
      return ids;
    };
    const both = Promise.all([collect(`ExecutionStatus = 'Running'`), collect(`ExecutionStatus IN ('Terminated', 'Canceled', 'Failed', 'TimedOut')`)]).then(
      ([running, abnormal]) => ({ running, abnormal }),
    );
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), VISIBILITY_TIMEOUT_MS).unref());
    return Promise.race([both.catch(() => undefined), timeout]);
  }

  async isRunning(campaignId: string): Promise<boolean> {
    return (await this.runningRunId(campaignWorkflowId(campaignId))) !== undefined;
  }

  private runningRunId(workflowId: string): Promise<string | undefined> {
    return this.launcher.runningRunId(workflowId);
  }

  /**
   * Pause, resume or stop a running campaign: the same signal Temporal Web UI sends, so the state is the
   * same whoever sent it. The workflow records the new state on the row; this waits (briefly) until it has.
   */
  async control(campaignId: string, action: ControlAction, reason?: string): Promise<{ recorded: boolean; status: CampaignStatus | undefined }> {
    const workflowId = campaignWorkflowId(campaignId);
    if (!(await this.runningRunId(workflowId))) throw new ConflictException(`Campaign ${campaignId} is not running`);
    await this.temporal.workflow.getHandle(workflowId).signal(SIGNALS[action], reason ? { reason } : {});
    const deadline = Date.now() + RECORD_WAIT_MS;
    for (;;) {
      const status = (await this.campaigns.find(campaignId))?.status;
      if (status === RECORDED[action]) return { recorded: true, status };
      if (Date.now() > deadline) return { recorded: false, status };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** How the campaign's latest run stands, and whether the row was left saying it runs when it does not. */
  async engineState(campaign: { id: string; status: CampaignStatus }): Promise<EngineState> {
    const describe = this.temporal.workflow
      .getHandle(campaignWorkflowId(campaign.id))
      .describe()
      .then((d) => d.status.name.toLowerCase())
      .catch((error: unknown) => (error instanceof WorkflowNotFoundError ? 'not_started' : null));
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), VISIBILITY_TIMEOUT_MS).unref());
    const workflowStatus = await Promise.race([describe, timeout]);
    return { workflowStatus, interrupted: workflowStatus !== null && isInterrupted(campaign.status, workflowStatus !== 'running', ABNORMAL_ENDS.includes(workflowStatus)) };
  }

  /** A validated live change of a running campaign's settings; the workflow saves them on the campaign. */
  async updateSettings(campaignId: string, patch: Partial<CallSettings>): Promise<CallSettings | undefined> {
    const workflowId = campaignWorkflowId(campaignId);
    if (!(await this.runningRunId(workflowId))) return undefined;
    const handle = this.temporal.workflow.getHandle(workflowId);
    try {
      const deadline = Date.now() + SETTINGS_UPDATE_DEADLINE_MS;
      return await this.temporal.connection.withDeadline(deadline, () => handle.executeUpdate(updateSettingsUpdate, { args: [patch] }));
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        throw new BadRequestException(`callSettings: ${error.cause?.message ?? error.message}`);
      }
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(error)) {
        throw new ServiceUnavailableException(
          `callSettings: the running campaign did not confirm the change within ${SETTINGS_UPDATE_DEADLINE_MS / 1000} s (no worker answered; are the workers running?). ` +
            'It takes effect if a worker picks it up; nothing else of this request was saved: check the campaign and send it again.',
        );
      }
      throw error;
    }
  }

  /**
   * The live status from the workflow query; a finished run answers with its final status. A query needs a worker:
   * with none answering within STATUS_QUERY_DEADLINE_MS (all stopped, or the one holding the campaign just died),
   * the reading says so, for the caller to show the stored state instead of waiting and failing.
   */
  async status(campaignId: string): Promise<StatusReading> {
    const handle = this.temporal.workflow.getHandle(campaignWorkflowId(campaignId));
    let description: Awaited<ReturnType<typeof handle.describe>>;
    try {
      description = await handle.describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
    if (description.status.name === 'COMPLETED') return { live: (await handle.result()) as QueueStatus };
    if (description.status.name !== 'RUNNING') return undefined;
    try {
      const deadline = Date.now() + STATUS_QUERY_DEADLINE_MS;
      return { live: await this.temporal.connection.withDeadline(deadline, () => handle.query(statusQuery)) };
    } catch (error) {
      this.logger.warn(`status query of campaign ${campaignId} not answered: ${error instanceof Error ? error.message : String(error)}`);
      return { unanswered: `No worker answered within ${STATUS_QUERY_DEADLINE_MS / 1000} s (are the workers running?): this is the campaign's stored state.` };
    }
  }
}

const ABNORMAL_ENDS = ['terminated', 'canceled', 'failed', 'timed_out'];

/** How long a status request waits for a worker to answer the campaign's query (a dead worker's queue times out in 3 s). */
const STATUS_QUERY_DEADLINE_MS = 5_000;
/** How long a settings change waits for the running campaign to apply it (the update needs a worker too). */
const SETTINGS_UPDATE_DEADLINE_MS = 10_000;

/** The campaign workflow's answer, or why there is none from a running one; undefined when no run is going or done. */
export type StatusReading = { live: QueueStatus } | { unanswered: string } | undefined;

/**
 * The row says the campaign runs or is paused, but its last run was ended by something other than our code
 * (an operator's terminate or reset, a failure): it shows so, and starting it again continues its contacts.
 */
export function isInterrupted(status: CampaignStatus, notRunning: boolean, endedAbnormally: boolean): boolean {
  return notRunning && endedAbnormally && (status === 'active' || status === 'paused');
}

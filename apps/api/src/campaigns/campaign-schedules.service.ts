import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { type Client, ScheduleAlreadyRunning, type ScheduleDescription, ScheduleNotFoundError, WorkflowNotFoundError } from '@temporalio/client';
import type { AppConfig } from '../../../../libs/config/src';
import {
  type CampaignLaunchInput,
  type LaunchFailure,
  type LaunchPlan,
  type LaunchResult,
  campaignLaunchScheduleId,
} from '../../../../libs/contracts/src';
import { type CampaignToStart, launchScheduleOptions, launchScheduleUpdate } from '../../../../libs/scheduling/src';
import { APP_CONFIG } from '../common/app-config.provider';
import { TEMPORAL_CLIENT } from '../temporal/temporal.provider';

/** A campaign's launch schedule as Temporal describes it now (Web UI's pause or edit included). */
export interface LaunchScheduleView {
  scheduleId: string;
  /** The plan as the API last set it; null when the schedule's action was not set by the API. */
  plan: LaunchPlan | null;
  timezone: string;
  paused: boolean;
  note: string | null;
  nextRunTimes: string[];
  /** Newest first: Temporal keeps the last ten. `result` is what the launch did (null while it has not said yet). */
  recentLaunches: { scheduledAt: string; takenAt: string; workflowId: string; result: LaunchResult | LaunchFailure | null }[];
  /** Launches still running: waiting to send the plan's stop. */
  runningLaunches: string[];
  launchesTaken: number;
  /** Launches not taken because Temporal could not take them within the catch-up window. */
  launchesMissed: number;
  /** Launches skipped because the previous one was still running (overlap policy SKIP). */
  launchesSkipped: number;
  overlapPolicy: string;
  catchupWindowSeconds: number;
  createdAt: string;
  updatedAt: string | null;
}

/**
 * Campaign launch plans as Temporal Schedules, one per campaign (`campaign/{id}/launch`). Temporal is the
 * source of truth: nothing is mirrored in PostgreSQL, so a pause or a delete in Web UI is what the API shows.
 */
@Injectable()
export class CampaignSchedules {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the schedule, or replaces the plan of the one there (which keeps its list of recent launches). */
  async put(campaign: CampaignToStart, plan: LaunchPlan): Promise<LaunchScheduleView> {
    const options = launchScheduleOptions({ campaign, plan, taskQueue: this.config.temporal.taskQueue });
    try {
      try {
        await this.temporal.schedule.create(options);
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        await this.temporal.schedule.getHandle(options.scheduleId).update(() => launchScheduleUpdate(options));
      }
    } catch (error) {
      // The client turns the server's "Invalid schedule spec" into a TypeError: a cron or a zone it refuses.
      if (error instanceof TypeError) throw new BadRequestException([`${specField(plan, error.message)} was refused by Temporal: ${error.message}`]);
      throw error;
    }
    return (await this.view(campaign.id))!;
  }

  async view(campaignId: string): Promise<LaunchScheduleView | undefined> {
    const scheduleId = campaignLaunchScheduleId(campaignId);
    let description: ScheduleDescription;
    try {
      description = await this.temporal.schedule.getHandle(scheduleId).describe();
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return undefined;
      throw error;
    }
    const { info, state, policies, spec, action } = description;
    const input = action.args?.[0] as Partial<CampaignLaunchInput> | undefined;
    const recentLaunches = await Promise.all(
      [...info.recentActions].reverse().map(async (taken) => ({
        scheduledAt: taken.scheduledAt.toISOString(),
        takenAt: taken.takenAt.toISOString(),
        workflowId: taken.action.workflow.workflowId,
        result: await this.launchResult(taken.action.workflow.workflowId, taken.action.workflow.firstExecutionRunId),
      })),
    );
    return {
      scheduleId,
      plan: input?.plan ?? null,
      timezone: spec.timezone ?? 'UTC',
      paused: state.paused,
      note: state.note ?? null,
      nextRunTimes: info.nextActionTimes.map((at) => at.toISOString()),
      recentLaunches,
      runningLaunches: info.runningActions.map((running) => running.workflow.workflowId),
      launchesTaken: info.numActionsTaken,
      launchesMissed: info.numActionsMissedCatchupWindow,
      launchesSkipped: info.numActionsSkippedOverlap,
      overlapPolicy: policies.overlap ?? 'SKIP',
      catchupWindowSeconds: policies.catchupWindow / 1000,
      createdAt: info.createdAt.toISOString(),
      updatedAt: info.lastUpdatedAt?.toISOString() ?? null,
    };
  }

  /**
   * Deletes the schedule: no further launch. A launch still waiting to stop its campaign is cancelled too, so
   * nothing of the plan remains; the campaign itself keeps running (stop it with /calls/automated/stop).
   * Undefined when the campaign has no schedule.
   */
  async remove(campaignId: string): Promise<{ cancelledStops: number } | undefined> {
    const handle = this.temporal.schedule.getHandle(campaignLaunchScheduleId(campaignId));
    let running: ScheduleDescription['info']['runningActions'];
    try {
      running = (await handle.describe()).info.runningActions;
      await handle.delete();
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return undefined;
      throw error;
    }
    const cancelled = await Promise.all(
      running.map(({ workflow }) =>
        this.temporal.workflow
          .getHandle(workflow.workflowId, workflow.firstExecutionRunId)
          .cancel()
          .then(() => true)
          .catch((error: unknown) => {
            if (error instanceof WorkflowNotFoundError) return false;
            throw error;
          }),
      ),
    );
    return { cancelledStops: cancelled.filter(Boolean).length };
  }

  /** What a launch recorded in its memo; null while it has not, or once Temporal no longer keeps the run. */
  private async launchResult(workflowId: string, runId: string): Promise<LaunchResult | LaunchFailure | null> {
    try {
      const { memo } = await this.temporal.workflow.getHandle(workflowId, runId).describe();
      return (memo?.launch as LaunchResult | LaunchFailure | undefined) ?? null;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }
}

function specField(plan: LaunchPlan, message: string): string {
  if (/time ?zone|location/i.test(message)) return 'timezone';
  if (plan.kind === 'once') return 'startAt';
  return plan.cron ? 'cron' : 'calendar';
}

import { type ScheduleOptions, type ScheduleSpec, type ScheduleUpdateOptions, DAYS_OF_WEEK, MONTHS, ScheduleOverlapPolicy } from '@temporalio/client';
import {
  CAMPAIGN_LAUNCH_WORKFLOW,
  CampaignIdKey,
  type CampaignLaunchInput,
  type LaunchPlan,
  OrganizationIdKey,
  campaignLaunchScheduleId,
} from '../../contracts/src';
import { wallClockIn } from './wall-clock';

/**
 * A launch Temporal could not take at its time (the server down, the namespace unreachable) is still taken
 * up to this late; one missed by more is skipped and counted as missed, never run hours late.
 */
export const LAUNCH_CATCHUP_WINDOW_MS = 5 * 60_000;

/**
 * When the plan's launches fire. A one-off is a calendar entry at the wall-clock time in its zone (so Web UI
 * shows it as the admin gave it), bounded to that one instant: the clock time repeated when daylight saving
 * time ends matches only once.
 */
export function launchSpec(plan: LaunchPlan): ScheduleSpec {
  const base = { timezone: plan.timezone, jitter: 0 };
  if (plan.kind === 'once') {
    const at = new Date(plan.startAt);
    const clock = wallClockIn(at, plan.timezone);
    return {
      ...base,
      calendars: [
        {
          year: clock.year,
          month: MONTHS[clock.month - 1]!,
          dayOfMonth: clock.day,
          hour: clock.hour,
          minute: clock.minute,
          second: clock.second,
          comment: 'one-off launch',
        },
      ],
      startAt: at,
      endAt: at,
    };
  }
  if (plan.cron) return { ...base, cronExpressions: [plan.cron] };
  const calendar = plan.calendar!;
  const [hour, minute] = calendar.time.split(':').map(Number);
  return { ...base, calendars: [{ hour: hour!, minute: minute!, dayOfWeek: calendar.days.map((day) => DAYS_OF_WEEK[day]!), comment: 'recurring launch' }] };
}

export interface LaunchScheduleTarget {
  campaign: { id: string; name: string; organizationId: string };
  plan: LaunchPlan;
  taskQueue: string;
}

/**
 * The campaign's one launch schedule. Overlap SKIP: a launch still waiting to stop its campaign makes the next
 * one skip (counted by Temporal), so two launches never race over one campaign.
 */
export function launchScheduleOptions({ campaign, plan, taskQueue }: LaunchScheduleTarget): ScheduleOptions {
  const scheduleId = campaignLaunchScheduleId(campaign.id);
  const searchAttributes = [
    { key: CampaignIdKey, value: campaign.id },
    { key: OrganizationIdKey, value: campaign.organizationId },
  ];
  const input: CampaignLaunchInput = { campaignId: campaign.id, plan };
  return {
    scheduleId,
    spec: launchSpec(plan),
    action: {
      type: 'startWorkflow',
      workflowType: CAMPAIGN_LAUNCH_WORKFLOW,
      workflowId: scheduleId,
      taskQueue,
      args: [input],
      typedSearchAttributes: searchAttributes,
      staticSummary: `Launch of campaign "${campaign.name}"`,
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: LAUNCH_CATCHUP_WINDOW_MS, pauseOnFailure: false },
    memo: { organizationId: campaign.organizationId, campaignId: campaign.id },
    typedSearchAttributes: searchAttributes,
    state: { paused: false, note: `Launch plan of campaign "${campaign.name}", set through the API` },
  };
}

/** The same schedule as an update of an existing one (Temporal keeps its memo and its history of launches). */
export function launchScheduleUpdate(options: ScheduleOptions): ScheduleUpdateOptions {
  return {
    spec: options.spec,
    action: options.action,
    policies: options.policies,
    typedSearchAttributes: options.typedSearchAttributes,
    state: { paused: options.state?.paused, note: options.state?.note },
  };
}

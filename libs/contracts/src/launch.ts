/**
 * Scheduled launches: a campaign's launch plan lives in a Temporal Schedule (one per campaign) whose action
 * starts `campaignLaunchWorkflow`, which starts the campaign as the API's start does and, when the plan says
 * so, stops it later. Libs start workflows by type name (they may not import workflows/).
 */
export const CAMPAIGN_WORKFLOW = 'campaignWorkflow';
export const CAMPAIGN_LAUNCH_WORKFLOW = 'campaignLaunchWorkflow';

/** A time of day (HH:MM) on some days of the week (0 = Sunday), in the plan's zone. */
export interface LaunchCalendar {
  time: string;
  days: number[];
}

/** What an admin asked for, kept in the schedule's action (Temporal holds it; the API shows it back). */
export type LaunchPlan =
  | {
      kind: 'once';
      /** The instant, ISO 8601 in UTC. */
      startAt: string;
      stopAt: string | null;
      timezone: string;
    }
  | {
      kind: 'recurring';
      cron: string | null;
      calendar: LaunchCalendar | null;
      timezone: string;
      /** Each launch stops the campaign this long after it started it. */
      stopAfterMinutes: number | null;
    };

export interface CampaignLaunchInput {
  campaignId: string;
  plan: LaunchPlan;
}

/** Why a launch did not start the campaign: each is a recorded result, not a failure. */
export type LaunchRefusal = 'not_found' | 'archived' | 'no_contacts' | 'nothing_to_call';

export type LaunchResult =
  | { result: 'started'; runId: string }
  | { result: 'already_running'; runId: string }
  | { result: 'refused'; reason: LaunchRefusal; message: string };

/** The launch's own step failed: the database or Temporal stayed out of reach through every retry. */
export interface LaunchFailure {
  result: 'failed';
  message: string;
}

/** What happened to the plan's stop time: sent, no campaign left to stop, the plan cancelled first, or none planned. */
export type LaunchStopOutcome = 'stop_sent' | 'not_running' | 'cancelled' | 'none';

export interface CampaignLaunchReport {
  launch: LaunchResult | LaunchFailure;
  stop: LaunchStopOutcome;
}

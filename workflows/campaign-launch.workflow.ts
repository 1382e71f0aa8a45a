import { ActivityFailure, getExternalWorkflowHandle, isCancellation, proxyLocalActivities, setCurrentDetails, sleep, upsertMemo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  type CampaignLaunchInput,
  type CampaignLaunchReport,
  type LaunchFailure,
  type LaunchPlan,
  type LaunchResult,
  campaignWorkflowId,
  stopSignal,
} from '../libs/contracts/src';
import { LOCAL_DATABASE_ACTIVITY } from './activity-options';

const { launchCampaign } = proxyLocalActivities<Activities>(LOCAL_DATABASE_ACTIVITY);

/** The instant the plan stops the campaign this launch started, or null when it plans no stop. */
export function stopTimeOf(plan: LaunchPlan, launchedAt: number): number | null {
  if (plan.kind === 'once') return plan.stopAt === null ? null : Date.parse(plan.stopAt);
  return plan.stopAfterMinutes === null ? null : launchedAt + plan.stopAfterMinutes * 60_000;
}

function describeLaunch(launch: LaunchResult | LaunchFailure): string {
  switch (launch.result) {
    case 'started':
      return 'started the campaign';
    case 'already_running':
      return 'the campaign was already running';
    case 'refused':
      return `did not start the campaign: ${launch.message}`;
    case 'failed':
      return `could not start the campaign: ${launch.message}`;
  }
}

/**
 * One launch of a campaign's schedule: starts the campaign as the API's start does, then, when the plan has a
 * stop time, sends the campaign's own stop signal at that time (to whatever run is going then, as an operator
 * would). The launch's result is in the memo, so the API and Web UI read it without asking a worker.
 * Cancelling this run (deleting the schedule does) cancels the pending stop.
 */
export async function campaignLaunchWorkflow(input: CampaignLaunchInput): Promise<CampaignLaunchReport> {
  const launchedAt = Date.now();
  let launch: LaunchResult | LaunchFailure;
  try {
    launch = await launchCampaign({ campaignId: input.campaignId });
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    launch = { result: 'failed', message: error.cause?.message ?? error.message };
  }
  upsertMemo({ launch });
  const stopAt = stopTimeOf(input.plan, launchedAt);
  const campaignRuns = launch.result === 'started' || launch.result === 'already_running';
  if (!campaignRuns || stopAt === null) {
    setCurrentDetails(describeLaunch(launch));
    return { launch, stop: 'none' };
  }

  setCurrentDetails(`${describeLaunch(launch)}; stops it at ${new Date(stopAt).toISOString()}`);
  try {
    const wait = stopAt - Date.now();
    if (wait > 0) await sleep(wait);
  } catch (error) {
    if (isCancellation(error)) return { launch, stop: 'cancelled' };
    throw error;
  }
  try {
    await getExternalWorkflowHandle(campaignWorkflowId(input.campaignId)).signal(stopSignal, { reason: 'scheduled stop' });
  } catch (error) {
    if (isCancellation(error)) return { launch, stop: 'cancelled' };
    // The campaign's workflow has closed: it finished before its stop time.
    return { launch, stop: 'not_running' };
  }
  setCurrentDetails(`${describeLaunch(launch)}; stopped it at ${new Date(Date.now()).toISOString()}`);
  return { launch, stop: 'stop_sent' };
}

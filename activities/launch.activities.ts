import type { LaunchResult } from '../libs/contracts/src';
import type { CampaignLauncher } from '../libs/scheduling/src';

export interface LaunchActivityDeps {
  campaignLauncher: CampaignLauncher;
}

export function createLaunchActivities({ campaignLauncher }: LaunchActivityDeps) {
  return {
    /**
     * A scheduled launch: the API's start, checks included, answered as a result (refusals are results, not
     * failures). Idempotent: a re-run finds the campaign's workflow running and says so.
     */
    async launchCampaign(input: { campaignId: string }): Promise<LaunchResult> {
      return campaignLauncher.launch(input.campaignId, { refuseWhenNothingToCall: true });
    },
  };
}

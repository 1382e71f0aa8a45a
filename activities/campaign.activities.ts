import {
  type CallSettings,
  type CampaignProgress,
  type CampaignRun,
  type CampaignStateChange,
  type ClaimResult,
  callSettingsProblems,
  campaignNotFound,
  describeProblems,
  invalidSettings,
  resolveCallSettings,
} from '../libs/contracts/src';
import { contactZones, windowVerdict } from '../libs/compliance/src';
import type { CampaignRepository, ContactQueue } from '../libs/db/src';
import type { CallReport, CallRuns } from './call-runs';
import { type WebhookActivityDeps, dispatchAfterCommit } from './webhook.activities';

export interface CampaignActivityDeps extends Pick<WebhookActivityDeps, 'webhookDispatcher'> {
  campaigns: CampaignRepository;
  contactQueue: ContactQueue;
  callDefaults: CallSettings;
  callRuns: CallRuns;
}

export function createCampaignActivities({ campaigns, contactQueue, callDefaults, callRuns, webhookDispatcher }: CampaignActivityDeps) {
  return {
    /** Reads the campaign for a run; a fresh run (not a continued one) first takes back what a terminated run left claimed. */
    async loadCampaignRun(input: { campaignId: string; fresh: boolean }): Promise<CampaignRun> {
      const campaign = await campaigns.find(input.campaignId);
      if (!campaign) throw campaignNotFound(input.campaignId);
      const recovered = input.fresh ? await contactQueue.recoverOrphans(input.campaignId) : 0;
      return { organizationId: campaign.organizationId, name: campaign.name, settings: resolveCallSettings(callDefaults, campaign.callSettings), recovered };
    },

    /**
     * Records the state the workflow is in on the campaign row, which the gate, the API and the dashboard
     * read, then starts the deliveries of the webhook event the change wrote, if any.
     */
    async recordCampaignState(change: CampaignStateChange): Promise<void> {
      const { eventId } = await campaigns.recordState(change);
      await dispatchAfterCommit(webhookDispatcher, eventId);
    },

    /**
     * Claims up to `limit` due contacts (idempotent by claim token), with the campaign's counts when asked. Contacts whose calling window is closed
     * are moved to the time it opens instead, so the campaign sleeps until then; a contact with no known
     * zone is claimed, and the call's gate records the refusal.
     */
    async claimDueContacts(input: { campaignId: string; claimToken: string; limit: number; withProgress: boolean }): Promise<ClaimResult> {
      const campaign = await campaigns.find(input.campaignId);
      if (!campaign) throw campaignNotFound(input.campaignId);
      const now = new Date();
      const contacts = await contactQueue.claim(input.campaignId, input.claimToken, input.limit, async (candidate) => {
        const { zones } = await contactZones(candidate.phone, candidate.timezone);
        return windowVerdict(now, zones, campaign.callingWindow).opensAt;
      });
      const counted = input.withProgress || contacts.length === 0;
      return { contacts, progress: counted ? await contactQueue.progress(input.campaignId) : null };
    },

    /** Results of calls a previous run of the campaign started, once they have closed. */
    async callReports(workflowIds: string[]): Promise<CallReport[]> {
      return callRuns.reports(workflowIds);
    },

    /** Gives back contacts that were claimed but not dialed (the campaign paused or stopped first). */
    async releaseContacts(input: { claimToken: string; contactIds: string[] }): Promise<void> {
      await contactQueue.release(input.claimToken, input.contactIds);
    },

    async campaignProgress(campaignId: string): Promise<CampaignProgress> {
      return contactQueue.progress(campaignId);
    },

    /** Saves a live settings change on the campaign row, where each call reads its settings. */
    async saveCallSettings(input: { campaignId: string; patch: Partial<CallSettings> }): Promise<CallSettings> {
      const problems = callSettingsProblems(input.patch);
      if (problems.length > 0) throw invalidSettings(describeProblems(problems));
      const merged = await campaigns.mergeCallSettings(input.campaignId, input.patch);
      if (!merged) throw campaignNotFound(input.campaignId);
      return resolveCallSettings(callDefaults, merged);
    },
  };
}

export type CampaignActivities = ReturnType<typeof createCampaignActivities>;

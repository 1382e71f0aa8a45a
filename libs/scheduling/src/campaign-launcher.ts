import { type Client, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/client';
import {
  CAMPAIGN_WORKFLOW,
  CampaignIdKey,
  CampaignStatusKey,
  type LaunchResult,
  OrganizationIdKey,
  campaignWorkflowId,
} from '../../contracts/src';
import type { CampaignRepository, ContactQueue } from '../../db/src';

export interface CampaignToStart {
  id: string;
  name: string;
  organizationId: string;
}

export interface LaunchOptions {
  /**
   * Refuse when no contact is left to call. A scheduled launch asks for it: starting a finished campaign
   * would only complete it again (and send its webhook event again) at every launch.
   */
  refuseWhenNothingToCall: boolean;
}

/**
 * Starts a campaign's workflow after the checks every start makes, for the API's start and for a scheduled
 * launch alike, so both follow the same rules and start the same workflow the same way.
 */
export class CampaignLauncher {
  constructor(
    private readonly temporal: Client,
    private readonly campaigns: CampaignRepository,
    private readonly contactQueue: ContactQueue,
    private readonly taskQueue: string,
  ) {}

  async launch(campaignId: string, options: LaunchOptions): Promise<LaunchResult> {
    const campaign = await this.campaigns.find(campaignId);
    if (!campaign) return { result: 'refused', reason: 'not_found', message: `campaign ${campaignId} not found` };
    if (campaign.status === 'archived') {
      return { result: 'refused', reason: 'archived', message: 'campaign is archived; an archived campaign cannot start' };
    }
    const progress = await this.contactQueue.progress(campaignId);
    if (progress.totalContacts === 0) return { result: 'refused', reason: 'no_contacts', message: 'campaign has no contacts' };
    const running = await this.runningRunId(campaignWorkflowId(campaignId));
    if (running) return { result: 'already_running', runId: running };
    if (options.refuseWhenNothingToCall && progress.pendingContacts === 0) {
      return { result: 'refused', reason: 'nothing_to_call', message: 'every contact of the campaign is done' };
    }
    return { result: 'started', runId: await this.start(campaign) };
  }

  /**
   * The describe before it answers "already running" for the common case; the conflict policy USE_EXISTING
   * keeps two racing starts to one workflow.
   */
  private async start(campaign: CampaignToStart): Promise<string> {
    const handle = await this.temporal.workflow.start(CAMPAIGN_WORKFLOW, {
      taskQueue: this.taskQueue,
      workflowId: campaignWorkflowId(campaign.id),
      staticSummary: `Campaign "${campaign.name}"`,
      args: [{ campaignId: campaign.id }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      typedSearchAttributes: [
        { key: CampaignIdKey, value: campaign.id },
        { key: OrganizationIdKey, value: campaign.organizationId },
        { key: CampaignStatusKey, value: 'running' },
      ],
    });
    return handle.firstExecutionRunId;
  }

  async runningRunId(workflowId: string): Promise<string | undefined> {
    try {
      const description = await this.temporal.workflow.getHandle(workflowId).describe();
      return description.status.name === 'RUNNING' ? description.runId : undefined;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }
}

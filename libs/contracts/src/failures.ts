import { ApplicationFailure } from '@temporalio/common';

/**
 * Failures named by type, not by message text: retrying cannot mend them, so every activity proxy lists
 * them as non-retryable and the API maps them to answers.
 */
export const FAILURE_TYPES = {
  campaignNotFound: 'CampaignNotFound',
  callNotFound: 'CallNotFound',
  invalidSettings: 'InvalidSettings',
  reanalysisNotFound: 'ReanalysisNotFound',
} as const;

export const NON_RETRYABLE_FAILURES: string[] = Object.values(FAILURE_TYPES);

export function campaignNotFound(campaignId: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`campaign ${campaignId} not found`, FAILURE_TYPES.campaignNotFound);
}

export function callNotFound(callId: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`call ${callId} not found`, FAILURE_TYPES.callNotFound);
}

export function invalidSettings(description: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(description, FAILURE_TYPES.invalidSettings);
}

export function reanalysisNotFound(reanalysisId: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`re-analysis ${reanalysisId} not found`, FAILURE_TYPES.reanalysisNotFound);
}

import type { CallActivityDeps } from './call.activities';
import { createCallActivities } from './call.activities';
import type { CampaignActivityDeps } from './campaign.activities';
import { createCampaignActivities } from './campaign.activities';
import type { ConversationActivityDeps } from './conversation.activities';
import { createConversationActivities } from './conversation.activities';
import type { LaunchActivityDeps } from './launch.activities';
import type { ReanalysisActivityDeps } from './reanalysis.activities';
import { createReanalysisActivities } from './reanalysis.activities';
import { createLaunchActivities } from './launch.activities';
import type { RecordingActivityDeps } from './recording.activities';
import { createRecordingActivities } from './recording.activities';
import type { WebhookActivityDeps } from './webhook.activities';
import { createWebhookActivities } from './webhook.activities';

export type ActivityDeps = CallActivityDeps &
  CampaignActivityDeps &
  ConversationActivityDeps &
  WebhookActivityDeps &
  LaunchActivityDeps &
  RecordingActivityDeps &
  ReanalysisActivityDeps;

/** Every activity the worker registers, built over its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createCampaignActivities(deps),
    ...createCallActivities(deps),
    ...createConversationActivities(deps),
    ...createWebhookActivities(deps),
    ...createLaunchActivities(deps),
    ...createRecordingActivities(deps),
    ...createReanalysisActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;

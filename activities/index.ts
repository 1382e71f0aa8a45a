import type { CallActivityDeps } from './call.activities';
import { createCallActivities } from './call.activities';
import type { CampaignActivityDeps } from './campaign.activities';
import { createCampaignActivities } from './campaign.activities';
import type { ConversationActivityDeps } from './conversation.activities';
import { createConversationActivities } from './conversation.activities';

export type ActivityDeps = CallActivityDeps & CampaignActivityDeps & ConversationActivityDeps;

/** Every activity the worker registers, built over its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return { ...createCampaignActivities(deps), ...createCallActivities(deps), ...createConversationActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;

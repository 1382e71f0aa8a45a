import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The workflows set these, and operators filter runs by them in the Web UI. The worker registers them at start
 * (apps/worker/src/temporal-setup.ts); scripts/infra.sh and docker-compose.yml (for deploy/temporal/setup.sh)
 * keep copies of the list.
 */
export const CampaignIdKey = defineSearchAttributeKey('CampaignId', SearchAttributeType.KEYWORD);
export const OrganizationIdKey = defineSearchAttributeKey('OrganizationId', SearchAttributeType.KEYWORD);
export const ContactIdKey = defineSearchAttributeKey('ContactId', SearchAttributeType.KEYWORD);
export const AttemptKey = defineSearchAttributeKey('Attempt', SearchAttributeType.INT);
export const CallOutcomeKey = defineSearchAttributeKey('CallOutcome', SearchAttributeType.KEYWORD);
/** The campaign's live state (running, paused, stopping), kept current by its workflow. */
export const CampaignStatusKey = defineSearchAttributeKey('CampaignStatus', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTE_KEYS = [CampaignIdKey, OrganizationIdKey, ContactIdKey, AttemptKey, CallOutcomeKey, CampaignStatusKey] as const;

/** Name=Type pairs for servers that register attributes from a list (the dev server's flags, tests). */
export const SEARCH_ATTRIBUTES = SEARCH_ATTRIBUTE_KEYS.map(
  (key) => `${key.name}=${key.type === SearchAttributeType.INT ? 'Int' : 'Keyword'}`,
);

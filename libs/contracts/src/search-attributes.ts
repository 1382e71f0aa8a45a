import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Registered on the Temporal server by scripts/infra.sh (SEARCH_ATTRIBUTES), so operators can filter runs in the Web UI. */
export const CampaignIdKey = defineSearchAttributeKey('CampaignId', SearchAttributeType.KEYWORD);
export const OrganizationIdKey = defineSearchAttributeKey('OrganizationId', SearchAttributeType.KEYWORD);
export const ContactIdKey = defineSearchAttributeKey('ContactId', SearchAttributeType.KEYWORD);
export const AttemptKey = defineSearchAttributeKey('Attempt', SearchAttributeType.INT);
export const CallOutcomeKey = defineSearchAttributeKey('CallOutcome', SearchAttributeType.KEYWORD);
/** The campaign's live state (running, paused, stopping), kept current by its workflow. */
export const CampaignStatusKey = defineSearchAttributeKey('CampaignStatus', SearchAttributeType.KEYWORD);

/** Name=Type pairs for servers that register attributes from a list (the dev server's flags, tests). */
export const SEARCH_ATTRIBUTES = [CampaignIdKey, OrganizationIdKey, ContactIdKey, AttemptKey, CallOutcomeKey, CampaignStatusKey].map(
  (key) => `${key.name}=${key.type === SearchAttributeType.INT ? 'Int' : 'Keyword'}`,
);

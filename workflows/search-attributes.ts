import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Registered on the Temporal server by scripts/infra.sh, so operators can filter runs in the Web UI. */
export const CampaignIdKey = defineSearchAttributeKey('CampaignId', SearchAttributeType.KEYWORD);
export const OrganizationIdKey = defineSearchAttributeKey('OrganizationId', SearchAttributeType.KEYWORD);
export const ContactIdKey = defineSearchAttributeKey('ContactId', SearchAttributeType.KEYWORD);
export const AttemptKey = defineSearchAttributeKey('Attempt', SearchAttributeType.INT);
export const CallOutcomeKey = defineSearchAttributeKey('CallOutcome', SearchAttributeType.KEYWORD);

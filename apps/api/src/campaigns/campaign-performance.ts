import type { DataSource } from 'typeorm';
import { type CallMetrics, CallRepository } from '../../../../libs/db/src';

export type { CallMetrics } from '../../../../libs/db/src';

/** The one filter campaigns.service.ts passes, as it spells it; any other fails to compile rather than being ignored. */
type CampaignRangeFilter = 'c.campaign_id = $1 AND c.organization_id = $2 AND c.created_at >= $3 AND c.created_at < $4';

/**
 * The old entry point of campaigns.service.ts, kept until that file reads CallRepository.metrics itself:
 * the repository builds the conditions `where` spells from the parameters.
 */
export function callMetrics(db: DataSource, _where: CampaignRangeFilter, [campaignId, organizationId, from, to]: [string, string, Date, Date]): Promise<CallMetrics> {
  return new CallRepository(db).metrics({ organizationId, campaignId, from, to });
}

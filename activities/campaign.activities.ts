import type { DataSource } from 'typeorm';
import type { CallSettings } from '../libs/contracts/src';
import { Campaign } from '../libs/db/src';
import { resolveCallSettings } from './call-settings';

export interface CampaignActivityDeps {
  dataSource: DataSource;
  callDefaults: CallSettings;
}

export interface ClaimedContact {
  contactId: string;
  attempt: number;
}

export interface CampaignProgress {
  totalContacts: number;
  /** Contacts still to be dialed now or later (new, retry, or claimed but not finished). */
  pendingContacts: number;
  /** Earliest time a waiting contact becomes due, when none is due now. */
  nextDueAt: string | null;
}

export interface ClaimResult extends CampaignProgress {
  contacts: ClaimedContact[];
}

export interface CampaignRun {
  organizationId: string;
  settings: CallSettings;
}

export function createCampaignActivities({ dataSource, callDefaults }: CampaignActivityDeps) {
  async function progress(campaignId: string): Promise<CampaignProgress> {
    const [row] = (await dataSource.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE status IN ('new', 'retry', 'dialing'))::int AS pending,
              min(next_attempt_at) FILTER (WHERE status IN ('new', 'retry') AND next_attempt_at > now()) AS next_due
         FROM contacts WHERE campaign_id = $1`,
      [campaignId],
    )) as { total: number; pending: number; next_due: Date | null }[];
    return {
      totalContacts: row?.total ?? 0,
      pendingContacts: row?.pending ?? 0,
      nextDueAt: row?.next_due ? row.next_due.toISOString() : null,
    };
  }

  return {
    async loadCampaignRun(campaignId: string): Promise<CampaignRun> {
      const campaign = await dataSource.getRepository(Campaign).findOneByOrFail({ id: campaignId });
      return {
        organizationId: campaign.organizationId,
        settings: resolveCallSettings(callDefaults, campaign.callSettings),
      };
    },

    /**
     * Atomically claims up to `limit` due contacts for one dial each. The claim token makes the activity
     * idempotent: a retry after a lost reply returns the contacts already claimed instead of taking more,
     * and SKIP LOCKED keeps several workers from taking the same row.
     */
    async claimDueContacts(input: { campaignId: string; claimToken: string; limit: number }): Promise<ClaimResult> {
      const rows = await dataSource.transaction(async (em) => {
        const already = (await em.query(
          `SELECT id, attempts FROM contacts WHERE claim_token = $1 ORDER BY id`,
          [input.claimToken],
        )) as { id: string; attempts: number }[];
        if (already.length > 0) return already;
        const claimed = (await em.query(
          `UPDATE contacts SET status = 'dialing', attempts = attempts + 1, claim_token = $2, updated_at = now()
            WHERE id IN (
              SELECT id FROM contacts
               WHERE campaign_id = $1 AND status IN ('new', 'retry')
                 AND (next_attempt_at IS NULL OR next_attempt_at <= now())
               ORDER BY next_attempt_at NULLS FIRST, created_at, id
               LIMIT $3
               FOR UPDATE SKIP LOCKED)
            RETURNING id, attempts`,
          [input.campaignId, input.claimToken, input.limit],
        )) as [{ id: string; attempts: number }[], number];
        return claimed[0];
      });
      return {
        contacts: rows.map((r) => ({ contactId: r.id, attempt: r.attempts })),
        ...(await progress(input.campaignId)),
      };
    },

    /** Gives back contacts that were claimed but not dialed (the campaign was paused or stopped). */
    async releaseContacts(input: { claimToken: string; contactIds: string[] }): Promise<void> {
      if (input.contactIds.length === 0) return;
      await dataSource.query(
        `UPDATE contacts
            SET status = CASE WHEN attempts > 1 THEN 'retry' ELSE 'new' END,
                attempts = attempts - 1, claim_token = NULL, updated_at = now()
          WHERE claim_token = $1 AND id = ANY($2::uuid[]) AND status = 'dialing'`,
        [input.claimToken, input.contactIds],
      );
    },

    campaignProgress: progress,

    async setCampaignStatus(input: { campaignId: string; status: Campaign['status'] }): Promise<void> {
      await dataSource.getRepository(Campaign).update({ id: input.campaignId }, { status: input.status });
    },
  };
}

export type CampaignActivities = ReturnType<typeof createCampaignActivities>;

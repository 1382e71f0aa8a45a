import type { DataSource } from 'typeorm';
import { effectiveWindow, isCallableAt, nextCallableAt } from '../libs/compliance/src/calling-window';
import { contactZones } from '../libs/compliance/src/timezone';
import type { CallSettings } from '../libs/contracts/src';
import { Campaign } from '../libs/db/src';
import { resolveCallSettings } from './call-settings';

/** Candidates looked at per claim: enough to skip past contacts whose window is closed. */
const CLAIM_PAGE_SIZE = 100;
const CLAIM_PAGES = 5;

export interface CampaignActivityDeps {
  dataSource: DataSource;
  callDefaults: CallSettings;
}

export interface ClaimedContact {
  contactId: string;
  attempt: number;
  /** For the call workflow's summary in Temporal Web UI. */
  phone: string;
}

interface ClaimedRow {
  id: string;
  attempts: number;
  phone: string;
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
    /** Reads the campaign; `activate` (a fresh start, not a continued run) marks it active. */
    async loadCampaignRun(input: { campaignId: string; activate: boolean }): Promise<CampaignRun> {
      const campaigns = dataSource.getRepository(Campaign);
      if (input.activate) await campaigns.update({ id: input.campaignId }, { status: 'active' });
      const campaign = await campaigns.findOneByOrFail({ id: input.campaignId });
      return {
        organizationId: campaign.organizationId,
        settings: resolveCallSettings(callDefaults, campaign.callSettings),
      };
    },

    /**
     * Atomically claims up to `limit` due contacts for one dial each. The claim token makes the activity
     * idempotent: a retry after a lost reply returns the contacts already claimed instead of taking more,
     * and SKIP LOCKED keeps several workers from taking the same row. Contacts whose calling window is
     * closed are not claimed but moved to the time it opens, so the campaign sleeps until then.
     */
    async claimDueContacts(input: { campaignId: string; claimToken: string; limit: number }): Promise<ClaimResult> {
      const rows = await dataSource.transaction(async (em) => {
        const already = (await em.query(
          `SELECT id, attempts, phone FROM contacts WHERE claim_token = $1 ORDER BY id`,
          [input.claimToken],
        )) as ClaimedRow[];
        if (already.length > 0) return already;
        const [campaign] = (await em.query('SELECT calling_window FROM campaigns WHERE id = $1', [input.campaignId])) as {
          calling_window: Campaign['callingWindow'];
        }[];
        const window = effectiveWindow(campaign?.calling_window);
        const now = new Date();
        const callable: string[] = [];
        for (let page = 0; page < CLAIM_PAGES && callable.length < input.limit; page++) {
          const candidates = (await em.query(
            `SELECT id, phone, timezone FROM contacts
              WHERE campaign_id = $1 AND status IN ('new', 'retry')
                AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                AND NOT (id = ANY($3::uuid[]))
              ORDER BY next_attempt_at NULLS FIRST, created_at, id
              LIMIT $2
              FOR UPDATE SKIP LOCKED`,
            [input.campaignId, Math.max(input.limit, CLAIM_PAGE_SIZE), callable],
          )) as { id: string; phone: string; timezone: string | null }[];
          if (candidates.length === 0) break;
          for (const contact of candidates) {
            if (callable.length >= input.limit) break;
            const { zones } = await contactZones(contact.phone, contact.timezone);
            const opens = zones.length > 0 && !isCallableAt(now, zones, window) ? nextCallableAt(now, zones, window) : null;
            if (opens) {
              await em.query('UPDATE contacts SET next_attempt_at = $2, updated_at = now() WHERE id = $1', [contact.id, opens]);
            } else {
              // Callable now, or never (unknown zone, no common window): the call's gate records why.
              callable.push(contact.id);
            }
          }
        }
        if (callable.length === 0) return [];
        const claimed = (await em.query(
          `UPDATE contacts SET status = 'dialing', attempts = attempts + 1, claim_token = $2, updated_at = now()
            WHERE id = ANY($1::uuid[])
            RETURNING id, attempts, phone`,
          [callable, input.claimToken],
        )) as [ClaimedRow[], number];
        return claimed[0];
      });
      return {
        contacts: rows.map((r) => ({ contactId: r.id, attempt: r.attempts, phone: r.phone })),
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

    /** Saves a live settings change on the campaign row, where each call reads its settings. */
    async saveCallSettings(input: { campaignId: string; patch: Partial<CallSettings> }): Promise<CallSettings> {
      const campaigns = dataSource.getRepository(Campaign);
      const campaign = await campaigns.findOneByOrFail({ id: input.campaignId });
      const merged = { ...campaign.callSettings, ...input.patch };
      await campaigns.update({ id: input.campaignId }, { callSettings: merged });
      return resolveCallSettings(callDefaults, merged);
    },

    async setCampaignStatus(input: { campaignId: string; status: Campaign['status'] }): Promise<void> {
      await dataSource.getRepository(Campaign).update({ id: input.campaignId }, { status: input.status });
    },
  };
}

export type CampaignActivities = ReturnType<typeof createCampaignActivities>;

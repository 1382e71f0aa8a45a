import { changeRows, selectRows, singleRow } from './queryable';
import type { DataSource, EntityManager } from 'typeorm';
import type { CampaignProgress, ClaimedContact, ContactStatus } from '../../../contracts/src';

/** Candidates looked at per claim: enough to skip past contacts whose window is closed. */
export const CLAIM_PAGE_SIZE = 100;
const CLAIM_PAGES = 5;

export interface ClaimCandidate {
  id: string;
  phone: string;
  timezone: string | null;
}

/**
 * Campaign $1's due candidates in claim order (no next attempt time first), at most $2, none of $3. In the
 * terms of contacts_claim_order_idx, so a page is a range scan of it that stops after $2 rows.
 */
export const CLAIM_CANDIDATES_SQL = `SELECT id, phone, timezone FROM contacts
  WHERE campaign_id = $1 AND status IN ('new', 'retry')
    AND COALESCE(next_attempt_at, '-infinity') <= now()
    AND NOT (id = ANY($3::uuid[]))
  ORDER BY COALESCE(next_attempt_at, '-infinity'), created_at, id
  LIMIT $2
  FOR UPDATE SKIP LOCKED`;

/** When a candidate may be called: now (null), or the time its calling window opens. */
export type DeferUntil = (candidate: ClaimCandidate) => Promise<Date | null>;

interface ClaimedRow {
  id: string;
  attempts: number;
  phone: string;
}

/** In id order, whether fresh or answered again for a retried claim. */
const toClaimed = (rows: ClaimedRow[]): ClaimedContact[] =>
  [...rows].sort((a, b) => a.id.localeCompare(b.id)).map((r) => ({ contactId: r.id, attempt: r.attempts, phone: r.phone }));

/** A campaign's contacts as a queue of dials: claim, release, settle. All SQL of the dial queue is here. */
export class ContactQueue {
  constructor(private readonly db: DataSource) {}

  /**
   * Atomically claims up to `limit` due contacts for one dial each. The claim token makes a retried claim
   * return the contacts it already took instead of taking more, and SKIP LOCKED keeps several workers off
   * the same row. A contact `deferUntil` names a time for is moved to that time instead of being claimed.
   */
  async claim(campaignId: string, claimToken: string, limit: number, deferUntil: DeferUntil): Promise<ClaimedContact[]> {
    return this.db.transaction(async (em) => {
      const already = await selectRows<ClaimedRow>(em, 'SELECT id, attempts, phone FROM contacts WHERE claim_token = $1', [claimToken]);
      if (already.length > 0) return toClaimed(already);
      const callable: string[] = [];
      for (let page = 0; page < CLAIM_PAGES && callable.length < limit; page++) {
        const candidates = (await em.query(CLAIM_CANDIDATES_SQL, [campaignId, Math.max(limit, CLAIM_PAGE_SIZE), callable])) as ClaimCandidate[];
        if (candidates.length === 0) break;
        for (const candidate of candidates) {
          if (callable.length >= limit) break;
          const opens = await deferUntil(candidate);
          if (opens) await em.query('UPDATE contacts SET next_attempt_at = $2, updated_at = now() WHERE id = $1', [candidate.id, opens]);
          else callable.push(candidate.id);
        }
      }
      if (callable.length === 0) return [];
      const [claimed] = (await em.query(
        `UPDATE contacts SET status = 'dialing', attempts = attempts + 1, claim_token = $2, claimed_at = now(), updated_at = now()
          WHERE id = ANY($1::uuid[])
          RETURNING id, attempts, phone`,
        [callable, claimToken],
      )) as [ClaimedRow[], number];
      return toClaimed(claimed);
    });
  }

  /** Gives back contacts that were claimed but not dialed (the campaign paused or stopped first). */
  async release(claimToken: string, contactIds: string[]): Promise<void> {
    if (contactIds.length === 0) return;
    await this.db.query(
      `UPDATE contacts
          SET status = CASE WHEN attempts > 1 THEN 'retry' ELSE 'new' END,
              attempts = attempts - 1, claim_token = NULL, updated_at = now()
        WHERE claim_token = $1 AND id = ANY($2::uuid[]) AND status = 'dialing'`,
      [claimToken, contactIds],
    );
  }

  /**
   * Gives back the contacts a terminated run had claimed but never turned into an attempt (no call row):
   * no code of ours ran when an operator terminated it, so a fresh run does this first.
   */
  async recoverOrphans(campaignId: string): Promise<number> {
    return changeRows(
      this.db,
      `UPDATE contacts ct
          SET status = CASE WHEN ct.attempts > 1 THEN 'retry' ELSE 'new' END,
              attempts = ct.attempts - 1, claim_token = NULL, updated_at = now()
        WHERE ct.campaign_id = $1 AND ct.status = 'dialing'
          AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.contact_id = ct.id AND c.attempt = ct.attempts)`,
      [campaignId],
    );
  }

  /**
   * The contact's place among its campaign's contacts in id order, and how many there are: a rehearsal's
   * behaviours are dealt over this order (random ids, so each behaviour is spread over the dialing order).
   */
  rehearsalPosition(campaignId: string, contactId: string): Promise<{ position: number; contacts: number }> {
    return singleRow(
      this.db,
      `SELECT count(*) FILTER (WHERE id < $2::uuid)::int AS position, count(*)::int AS contacts FROM contacts WHERE campaign_id = $1`,
      [campaignId, contactId],
    );
  }

  async progress(campaignId: string): Promise<CampaignProgress> {
    const row = await singleRow<{ total: number; pending: number; next_due: Date | null }>(
      this.db,
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE status IN ('new', 'retry', 'dialing'))::int AS pending,
              min(next_attempt_at) FILTER (WHERE status IN ('new', 'retry') AND next_attempt_at > now()) AS next_due
         FROM contacts WHERE campaign_id = $1`,
      [campaignId],
    );
    return { totalContacts: row.total, pendingContacts: row.pending, nextDueAt: row.next_due ? row.next_due.toISOString() : null };
  }

  /**
   * The contact's state after its attempt `attempt` ended. Only that attempt's settlement counts: a later
   * claim has moved `attempts` on, and an old, retried write must not undo it.
   */
  async settle(
    em: EntityManager,
    contact: { contactId: string; attempt: number },
    next: { status: ContactStatus; nextAttemptAt: Date | null },
    dialedAt: Date | null,
  ): Promise<void> {
    await em.query(
      `UPDATE contacts SET status = $2, next_attempt_at = $3, claim_token = NULL,
              last_contacted = COALESCE($4, last_contacted), updated_at = now()
        WHERE id = $1 AND attempts = $5`,
      [contact.contactId, next.status, next.nextAttemptAt, dialedAt, contact.attempt],
    );
  }
}

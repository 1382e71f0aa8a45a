import { CALL_SETTING_RULES, type DialLimits } from '../../../contracts/src';
import { selectRow, singleRow } from './queryable';
import type { DataSource } from 'typeorm';

/** What the organization's limits say about a call's dial now. */
export type OrganizationAdmission =
  /** Let through under the organization's limits (and the campaign's pacing) at `admittedAt`. */
  | { admittedAt: Date; limited: true }
  /** The organization sets no limit: nothing was taken, the campaign paces itself. */
  | { admittedAt: null; limited: false }
  /** As many calls in flight as the organization allows: ask again once one has ended. */
  | { refused: 'full' }
  /** The organization's dial slot, or the paced campaign's, is taken until `nextAt`. */
  | { refused: 'rate'; nextAt: Date };

/**
 * A call admitted longer ago than any call can last (ring timeout plus maximum length, which Asterisk enforces,
 * and a margin) has ended, even if no code of ours recorded it (a call workflow terminated by an operator).
 */
const IN_FLIGHT_AT_MOST_SECONDS = CALL_SETTING_RULES.callTimeoutSeconds.max + CALL_SETTING_RULES.maxCallSeconds.max + 600;

/** The organization's dial limits and the admission of each call under them, across all its campaigns. */
export class OrganizationDialLimits {
  constructor(private readonly db: DataSource) {}

  async find(organizationId: string): Promise<DialLimits | undefined> {
    return (
      (await selectRow<DialLimits>(
        this.db,
        `SELECT calls_per_second::float8 AS "callsPerSecond", max_concurrent_calls AS "maxConcurrentCalls" FROM organizations WHERE id = $1`,
        [organizationId],
      )) ?? undefined
    );
  }

  async set(organizationId: string, limits: DialLimits): Promise<DialLimits | undefined> {
    const [rows] = (await this.db.query(
      `UPDATE organizations SET calls_per_second = $2, max_concurrent_calls = $3 WHERE id = $1
       RETURNING calls_per_second::float8 AS "callsPerSecond", max_concurrent_calls AS "maxConcurrentCalls"`,
      [organizationId, limits.callsPerSecond, limits.maxConcurrentCalls],
    )) as [DialLimits[], number];
    return rows[0];
  }

  /**
   * Admits the call's dial under its organization's limits: refused while the organization has
   * max_concurrent_calls in flight or its slot (1 / calls_per_second after the last admission) is not free;
   * otherwise takes the slot and marks the call admitted, in one transaction under the organization's row
   * lock. A paced campaign's slot (`campaignIntervalMs`, as CampaignRepository.admitDial keeps it) is judged and
   * taken in the same transaction at the same instant, so the dial time keeps both spacings. Once per call: a
   * re-run finds the call admitted and takes nothing. Without limits, one read: `limited` is false and the
   * campaign paces itself.
   */
  async admitDial(callId: string, campaignIntervalMs: number): Promise<OrganizationAdmission> {
    const call = await selectRow<{ organization_id: string; campaign_id: string; admitted_at: Date | null; limited: boolean }>(
      this.db,
      `SELECT c.organization_id, c.campaign_id, c.admitted_at, (o.calls_per_second IS NOT NULL OR o.max_concurrent_calls IS NOT NULL) AS limited
         FROM calls c JOIN organizations o ON o.id = c.organization_id WHERE c.id = $1`,
      [callId],
    );
    if (!call?.limited) return { admittedAt: null, limited: false };
    if (call.admitted_at) return { admittedAt: call.admitted_at, limited: true };
    return this.db.transaction(async (em) => {
      // Always the organization's row first, then the campaign's: no two admissions wait on each other in a cycle.
      await em.query('SELECT 1 FROM organizations WHERE id = $1 FOR UPDATE', [call.organization_id]);
      if (campaignIntervalMs > 0) await em.query('SELECT 1 FROM campaigns WHERE id = $1 FOR UPDATE', [call.campaign_id]);
      // A statement of its own after the locks: in READ COMMITTED its snapshot sees every admission and end
      // committed by whoever held them before.
      const verdict = await singleRow<{ admitted_at: Date | null; room: boolean; next_slot: Date | null }>(
        em,
        `WITH org AS (
           SELECT id, max_concurrent_calls, clock_timestamp() AS now,
                  dial_slot_at + make_interval(secs => 1 / calls_per_second::float8) AS next_slot
             FROM organizations WHERE id = $1),
         campaign AS (
           SELECT id, dial_slot_at + make_interval(secs => $4::float8 / 1000) AS next_slot FROM campaigns WHERE id = $3 AND $4 > 0),
         verdict AS (
           SELECT org.id, org.now,
                  GREATEST(org.next_slot, (SELECT next_slot FROM campaign)) AS next_slot,
                  (SELECT admitted_at FROM calls WHERE id = $2) AS already,
                  org.max_concurrent_calls IS NULL OR (
                    SELECT count(*) FROM calls
                     WHERE organization_id = $1 AND admitted_at IS NOT NULL AND ended_at IS NULL
                       AND admitted_at > now() - make_interval(secs => $5)
                  ) < org.max_concurrent_calls AS room
             FROM org),
         admit AS (SELECT id, now FROM verdict WHERE already IS NULL AND room AND (next_slot IS NULL OR next_slot <= now)),
         org_slot AS (UPDATE organizations o SET dial_slot_at = admit.now FROM admit WHERE o.id = admit.id),
         campaign_slot AS (UPDATE campaigns c SET dial_slot_at = admit.now FROM admit, campaign WHERE c.id = campaign.id),
         marked AS (UPDATE calls c SET admitted_at = admit.now FROM admit WHERE c.id = $2 RETURNING c.admitted_at)
         SELECT COALESCE(v.already, (SELECT admitted_at FROM marked)) AS admitted_at, v.room, v.next_slot FROM verdict v`,
        [call.organization_id, callId, call.campaign_id, campaignIntervalMs, IN_FLIGHT_AT_MOST_SECONDS],
      );
      if (verdict.admitted_at) return { admittedAt: verdict.admitted_at, limited: true };
      if (!verdict.room || !verdict.next_slot) return { refused: 'full' };
      return { refused: 'rate', nextAt: verdict.next_slot };
    });
  }

  /** Gives back the admission of a call the gate refused: it was not dialed, so it is not in flight. */
  async releaseDial(callId: string): Promise<void> {
    await this.db.query('UPDATE calls SET admitted_at = NULL WHERE id = $1 AND dialed_at IS NULL', [callId]);
  }
}

import { CALL_SETTING_RULES, type DialLimits } from '../../../contracts/src';
import { selectRow, singleRow } from './queryable';
import type { DataSource } from 'typeorm';

/** What the organization's limits say about a call's dial now. */
export type OrganizationAdmission =
  /** Let through; `admittedAt` is null when the organization sets no limit (nothing was taken). */
  | { admittedAt: Date | null }
  /** As many calls in flight as the organization allows: ask again once one has ended. */
  | { refused: 'full' }
  /** The organization's dial slot is taken until `nextAt`. */
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
   * lock. Once per call: a re-run finds the call admitted and takes nothing. Without limits, one read.
   */
  async admitDial(callId: string): Promise<OrganizationAdmission> {
    const call = await selectRow<{ organization_id: string; admitted_at: Date | null; limited: boolean }>(
      this.db,
      `SELECT c.organization_id, c.admitted_at, (o.calls_per_second IS NOT NULL OR o.max_concurrent_calls IS NOT NULL) AS limited
         FROM calls c JOIN organizations o ON o.id = c.organization_id WHERE c.id = $1`,
      [callId],
    );
    if (!call?.limited) return { admittedAt: null };
    if (call.admitted_at) return { admittedAt: call.admitted_at };
    return this.db.transaction(async (em) => {
      await em.query('SELECT 1 FROM organizations WHERE id = $1 FOR UPDATE', [call.organization_id]);
      // A statement of its own after the lock: in READ COMMITTED its snapshot sees every admission and end
      // committed by whoever held the lock before.
      const verdict = await singleRow<{ admitted_at: Date | null; room: boolean; next_slot: Date | null }>(
        em,
        `WITH org AS (
           SELECT id, max_concurrent_calls, clock_timestamp() AS now,
                  dial_slot_at + make_interval(secs => 1 / calls_per_second::float8) AS next_slot
             FROM organizations WHERE id = $1),
         verdict AS (
           SELECT org.id, org.now, org.next_slot,
                  (SELECT admitted_at FROM calls WHERE id = $2) AS already,
                  org.max_concurrent_calls IS NULL OR (
                    SELECT count(*) FROM calls
                     WHERE organization_id = $1 AND admitted_at IS NOT NULL AND ended_at IS NULL
                       AND admitted_at > now() - make_interval(secs => $3)
                  ) < org.max_concurrent_calls AS room
             FROM org),
         taken AS (
           UPDATE organizations o SET dial_slot_at = v.now FROM verdict v
            WHERE o.id = v.id AND v.already IS NULL AND v.room AND (v.next_slot IS NULL OR v.next_slot <= v.now)
            RETURNING o.dial_slot_at),
         marked AS (UPDATE calls c SET admitted_at = taken.dial_slot_at FROM taken WHERE c.id = $2 RETURNING c.admitted_at)
         SELECT COALESCE(v.already, (SELECT admitted_at FROM marked)) AS admitted_at, v.room, v.next_slot FROM verdict v`,
        [call.organization_id, callId, IN_FLIGHT_AT_MOST_SECONDS],
      );
      if (verdict.admitted_at) return { admittedAt: verdict.admitted_at };
      if (!verdict.room || !verdict.next_slot) return { refused: 'full' };
      return { refused: 'rate', nextAt: verdict.next_slot };
    });
  }

  /** Gives back the admission of a call the gate refused: it was not dialed, so it is not in flight. */
  async releaseDial(callId: string): Promise<void> {
    await this.db.query('UPDATE calls SET admitted_at = NULL WHERE id = $1 AND dialed_at IS NULL', [callId]);
  }
}

import { type Queryable, singleRow } from './queryable';

export interface DashboardSnapshot {
  /** Midnight of today in the given time zone. */
  dayStart: Date;
  activeCalls: number;
  activeCampaigns: number;
}

/**
 * What the dashboard reads besides call metrics, in one statement so the figures are of one instant. Live
 * figures only: rehearsal calls and campaigns in rehearsal are left out.
 */
export class DashboardRepository {
  constructor(private readonly db: Queryable) {}

  snapshot(organizationId: string, timeZone: string): Promise<DashboardSnapshot> {
    return singleRow(
      this.db,
      `SELECT date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1 AS "dayStart",
              (SELECT count(*)::int FROM calls WHERE organization_id = $2 AND status IN ('initiated', 'ringing', 'in_progress') AND NOT rehearsal) AS "activeCalls",
              (SELECT count(*)::int FROM campaigns WHERE organization_id = $2 AND status = 'active' AND mode = 'live') AS "activeCampaigns"`,
      [timeZone, organizationId],
    );
  }
}

import type { DataSource } from 'typeorm';
import { ANSWERED_OUTCOMES, POSITIVE_OUTCOMES } from '../../../../libs/contracts/src';

/** Calls by outcome or emotion, e.g. { interested: 3, busy: 1 }; calls without one count under "none". */
export type Distribution = Record<string, number>;

export interface CallMetrics {
  totalCalls: number;
  answeredCalls: number;
  positiveOutcomes: number;
  /** Positive outcomes per answered call, 0..1. */
  successRate: number;
  /** Seconds, over answered calls. */
  averageDuration: number;
  csatAverage: number | null;
  totalCost: number;
  outcomeDistribution: Distribution;
  emotionDistribution: Distribution;
}

/**
 * Metrics over the calls matched by `where` (SQL over alias c, parameters from $1). Gate refusals
 * (`not_dialed`) are not calls and are left out.
 */
export async function callMetrics(db: DataSource, where: string, params: unknown[]): Promise<CallMetrics> {
  const n = params.length;
  // One pass over the calls: the totals, and counts by outcome and by emotion, as three grouping sets.
  const rows = (await db.query(
    `SELECT GROUPING(c.outcome)::int AS all_outcomes, GROUPING(c.emotion)::int AS all_emotions,
            COALESCE(c.outcome, 'none') AS outcome, COALESCE(c.emotion, 'none') AS emotion,
            count(*)::int AS total,
            count(*) FILTER (WHERE c.outcome = ANY($${n + 1}))::int AS answered,
            count(*) FILTER (WHERE c.outcome = ANY($${n + 2}))::int AS positive,
            COALESCE(avg(c.duration) FILTER (WHERE c.outcome = ANY($${n + 1})), 0)::float AS avg_duration,
            avg(c.csat_score)::float AS csat,
            COALESCE(sum(c.cost), 0)::float AS cost
       FROM calls c WHERE ${where} AND c.status <> 'not_dialed'
      GROUP BY GROUPING SETS ((), (c.outcome), (c.emotion))
      ORDER BY total DESC`,
    [...params, ANSWERED_OUTCOMES, POSITIVE_OUTCOMES],
  )) as { all_outcomes: number; all_emotions: number; outcome: string; emotion: string; total: number; answered: number; positive: number; avg_duration: number; csat: number | null; cost: number }[];
  const t = rows.find((row) => row.all_outcomes === 1 && row.all_emotions === 1) ?? { total: 0, answered: 0, positive: 0, avg_duration: 0, csat: null, cost: 0 };
  const distribution = (by: 'outcome' | 'emotion'): Distribution =>
    Object.fromEntries(
      rows.filter((row) => (by === 'outcome' ? row.all_outcomes === 0 : row.all_emotions === 0)).map((row) => [row[by], row.total]),
    );
  return {
    totalCalls: t.total,
    answeredCalls: t.answered,
    positiveOutcomes: t.positive,
    successRate: t.answered ? Math.round((t.positive / t.answered) * 1000) / 1000 : 0,
    averageDuration: Math.round(t.avg_duration * 10) / 10,
    csatAverage: t.csat === null ? null : Math.round(t.csat * 100) / 100,
    totalCost: Math.round(t.cost * 10000) / 10000,
    outcomeDistribution: distribution('outcome'),
    emotionDistribution: distribution('emotion'),
  };
}

/** Re-analysis runs: what the API, the reanalysisWorkflow and its activities hand each other. */
import { defineQuery } from '@temporalio/workflow';

/** The calls a run covers: GET /calls's filters, as ISO strings; calls created after the request are left out. */
export interface ReanalysisFilters {
  campaignId?: string;
  contactId?: string;
  outcome?: string;
  emotion?: string;
  status?: string;
  from?: string;
  to?: string;
  /** As GET /calls: a rehearsal's calls only, or (false) live calls only. */
  rehearsal?: boolean;
}

export const REANALYSIS_STATUSES = ['running', 'paused', 'completed', 'cancelled'] as const;
export type ReanalysisStatus = (typeof REANALYSIS_STATUSES)[number];

/** The run's counters; a continued run carries them, and each page's step writes them on the run's row. */
export interface ReanalysisCounts {
  processed: number;
  /** Calls whose new analysis differs from the one shown before it. */
  changed: number;
  /** Calls that had no stored version: their analysis was kept as version 1 first. */
  backfilled: number;
}

export interface ReanalysisPageInput {
  reanalysisId: string;
  /** The last call id of the previous page (pages go by call id); null for the first. */
  after: string | null;
  pageSize: number;
  /** The counters before this page: the step writes them plus the page's on the row, in the page's transaction. */
  before: ReanalysisCounts;
}

export interface ReanalysisPageResult {
  counts: ReanalysisCounts;
  /** Where the next page starts; null when this page was the last. */
  lastCallId: string | null;
}

/** What the workflow's `status` query answers (and Web UI shows as its details). */
export interface ReanalysisProgress extends ReanalysisCounts {
  reanalysisId: string;
  status: ReanalysisStatus;
  total: number;
}

export function reanalysisWorkflowId(reanalysisId: string): string {
  return `reanalysis/${reanalysisId}`;
}

/** The same name as the campaign's query, so operators ask every long-running workflow the same way. */
export const reanalysisStatusQuery = defineQuery<ReanalysisProgress>('status');

import {
  ANSWERED_OUTCOMES,
  type CallFinished,
  type CallOutcome,
  type CallSettings,
  type CampaignProgress,
  type CampaignStateChange,
  type QueueStatus,
} from '../libs/contracts/src';

/** Outcomes that say the line, not the person, failed: what the circuit breaker counts. */
const TECHNICAL_FAILURES: readonly CallOutcome[] = ['failed', 'congestion'];

export type RecordedStatus = CampaignStateChange['status'];

/** What a continued run takes over from the last one: counters, flags and cursors, never contact lists. */
export interface CampaignCarry {
  successfulCalls: number;
  failedCalls: number;
  lastCallTime: string | null;
  paused: boolean;
  pauseReason: string | null;
  /** Recent attempts, true for a technical failure: the circuit breaker's memory. */
  recentFailures: boolean[];
  /** Calls still running, by workflow id: the next run looks up their results once they close. */
  activeCalls: string[];
  settings: CallSettings;
  /** What the campaign row says now, so a continued run does not write it again. */
  recorded: { status: RecordedStatus; reason: string | null } | null;
  /** A paced campaign's next claim (workflow time, ms), so a continued run keeps the rhythm. */
  nextDialAt?: number;
}

/**
 * The live state of one campaign, owned by its workflow. Signal, update and query handlers are methods
 * here; the workflow's loop records every change on the campaign row (`pendingRecord`).
 */
export class CampaignState {
  paused = false;
  pauseReason: string | null = null;
  stopping = false;
  successfulCalls = 0;
  failedCalls = 0;
  lastCallTime: string | null = null;
  nextCallTime: string | null = null;
  recentFailures: boolean[] = [];
  readonly active = new Set<string>();
  progress: CampaignProgress = { totalContacts: 0, pendingContacts: 0, nextDueAt: null };
  settings: CallSettings | undefined;
  private recorded: CampaignCarry['recorded'] = null;

  static fromCarry(carry: CampaignCarry | undefined): CampaignState {
    const state = new CampaignState();
    if (!carry) return state;
    state.successfulCalls = carry.successfulCalls;
    state.failedCalls = carry.failedCalls;
    state.lastCallTime = carry.lastCallTime;
    state.paused = carry.paused;
    state.pauseReason = carry.pauseReason;
    state.recentFailures = carry.recentFailures;
    for (const id of carry.activeCalls) state.active.add(id);
    state.settings = carry.settings;
    state.recorded = carry.recorded;
    return state;
  }

  toCarry(settings: CallSettings): CampaignCarry {
    return {
      successfulCalls: this.successfulCalls,
      failedCalls: this.failedCalls,
      lastCallTime: this.lastCallTime,
      paused: this.paused,
      pauseReason: this.pauseReason,
      recentFailures: this.recentFailures,
      activeCalls: [...this.active],
      settings,
      recorded: this.recorded,
    };
  }

  pause(reason: string | null): void {
    if (this.stopping) return;
    // A plain pause keeps the reason of one already in force (the breaker's), else has none.
    if (!this.paused || reason) this.pauseReason = reason;
    this.paused = true;
  }

  resume(): void {
    if (this.stopping) return;
    this.paused = false;
    this.pauseReason = null;
    // A resumed campaign judges its line afresh rather than tripping again on the old failures.
    this.recentFailures = [];
  }

  stop(): void {
    this.stopping = true;
  }

  /** A call's report (its result). Returns nothing; a trip of the circuit breaker pauses the campaign. */
  callFinished(report: CallFinished): void {
    if (!this.active.delete(report.workflowId)) return;
    // The row disagrees with this workflow (it was written by something else): write it again.
    if (report.refusal === 'campaign_stopped' && !this.paused && !this.stopping) this.recorded = null;
    // An attempt the gate refused is not a call: it counts neither as a success nor as a failure.
    if (!report.dialed) return;
    if (ANSWERED_OUTCOMES.includes(report.outcome)) this.successfulCalls += 1;
    else this.failedCalls += 1;
    const s = this.settings;
    if (!s) return;
    this.recentFailures = [...this.recentFailures, TECHNICAL_FAILURES.includes(report.outcome)].slice(-s.breakerWindow);
    const failures = this.recentFailures.filter(Boolean).length;
    if (!this.paused && this.recentFailures.length >= s.breakerMinCalls && failures / this.recentFailures.length >= s.breakerFailureRate) {
      this.pause(`circuit breaker: ${failures} of the last ${this.recentFailures.length} attempts failed (threshold ${Math.round(s.breakerFailureRate * 100)}%)`);
    }
  }

  /** A child that ended without reporting (terminated, failed to start): its slot is free again. */
  callLost(workflowId: string): void {
    this.active.delete(workflowId);
  }

  /** What the campaign row should say now. */
  desired(): { status: RecordedStatus; reason: string | null } {
    if (this.stopping) return { status: 'stopped', reason: null };
    return this.paused ? { status: 'paused', reason: this.pauseReason } : { status: 'active', reason: null };
  }

  /** The change still to be written on the row, if any. */
  pendingRecord(): { status: RecordedStatus; reason: string | null } | undefined {
    const want = this.desired();
    const have = this.recorded;
    return have && have.status === want.status && have.reason === want.reason ? undefined : want;
  }

  recordedStatus(): RecordedStatus | undefined {
    return this.recorded?.status;
  }

  markRecorded(record: { status: RecordedStatus; reason: string | null }): void {
    this.recorded = record;
  }

  liveStatus(): QueueStatus['status'] {
    return this.stopping ? 'stopping' : this.paused ? 'paused' : 'running';
  }

  queueStatus(status: QueueStatus['status'] = this.liveStatus()): QueueStatus {
    return {
      status,
      paused: this.paused,
      pauseReason: this.pauseReason,
      totalContacts: this.progress.totalContacts,
      processedContacts: this.progress.totalContacts - this.progress.pendingContacts,
      successfulCalls: this.successfulCalls,
      failedCalls: this.failedCalls,
      activeCalls: this.active.size,
      lastCallTime: this.lastCallTime,
      nextCallTime: this.nextCallTime,
    };
  }

  /** Markdown for Temporal Web UI's "current details". */
  details(name: string): string {
    const s = this.queueStatus();
    const lines = [
      `**${name}**: ${s.status}${s.pauseReason ? ` (${s.pauseReason})` : ''}`,
      `${s.processedContacts} of ${s.totalContacts} contacts done, ${s.activeCalls} calls in flight`,
      `${s.successfulCalls} answered, ${s.failedCalls} not answered or failed`,
    ];
    if (s.nextCallTime) lines.push(`next call ${s.nextCallTime}`);
    return lines.join('\n\n');
  }
}

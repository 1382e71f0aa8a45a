import {
  type CallOutcome,
  type CallSettings,
  type ContactStatus,
  type RetryRule,
  type RetryableOutcome,
} from '../../contracts/src';

export interface ContactNextState {
  status: ContactStatus;
  nextAttemptAt: Date | null;
}

/** What the contact's past attempts add up to; both counts include the attempt just finished. */
export interface AttemptHistory {
  /** Attempts that reached the network (a call row with a dial time). Gate refusals do not count. */
  dialed: number;
  /** Callbacks the customer asked for: each one is scheduled on top of the retry budget. */
  callbacks: number;
}

export type RetrySettings = Pick<CallSettings, 'retryAttempts' | 'retryDelayMinutes' | 'retryPolicy' | 'completionRetry'>;

/** The dialer's defaults when a campaign says nothing: retry the unreached, not a voicemail already left. */
const DEFAULT_RULES: Record<RetryableOutcome, RetryRule> = {
  busy: { retry: true },
  no_answer: { retry: true },
  failed: { retry: true },
  voicemail: { retry: false },
};

const RULE_OF: Partial<Record<CallOutcome, RetryableOutcome>> = {
  busy: 'busy',
  no_answer: 'no_answer',
  failed: 'failed',
  congestion: 'failed',
  voicemail: 'voicemail',
};

/** Answered, but the conversation never reached a decision. */
const UNFINISHED: readonly CallOutcome[] = ['no_decision', 'hung_up'];

export function attemptBudget(settings: Pick<CallSettings, 'retryAttempts'>, history: AttemptHistory): number {
  return 1 + settings.retryAttempts + history.callbacks;
}

/** Where a contact goes after an attempt ended with `outcome`. */
export function nextContactState(
  outcome: CallOutcome,
  history: AttemptHistory,
  settings: RetrySettings,
  now: Date,
  callbackAt: Date | null = null,
): ContactNextState {
  const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  const budgetLeft = history.dialed < attemptBudget(settings, history);
  if (outcome === 'opted_out') return { status: 'dnc', nextAttemptAt: null };
  if (outcome === 'callback' && callbackAt) return { status: 'retry', nextAttemptAt: callbackAt };
  if (UNFINISHED.includes(outcome)) {
    const again = settings.completionRetry;
    return again?.enabled && budgetLeft
      ? { status: 'retry', nextAttemptAt: later(again.delayMinutes) }
      : { status: 'contacted', nextAttemptAt: null };
  }
  const ruleName = RULE_OF[outcome];
  if (!ruleName) return { status: outcome === 'blocked' ? 'failed' : 'contacted', nextAttemptAt: null };
  const rule = { ...DEFAULT_RULES[ruleName], ...settings.retryPolicy?.[ruleName] };
  if (rule.retry && budgetLeft) {
    return { status: 'retry', nextAttemptAt: later(rule.delayMinutes ?? settings.retryDelayMinutes) };
  }
  return { status: outcome === 'voicemail' ? 'contacted' : 'failed', nextAttemptAt: null };
}

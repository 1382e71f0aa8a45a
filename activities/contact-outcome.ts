import { ANSWERED_OUTCOMES, type CallOutcome, type CallSettings, type ContactStatus } from '../libs/contracts/src';

export interface ContactNextState {
  status: ContactStatus;
  nextAttemptAt: Date | null;
}

const RETRYABLE: readonly CallOutcome[] = ['no_answer', 'busy', 'congestion', 'failed'];

/**
 * Where a contact goes after an attempt. `attempt` is 1-based and the budget is the first attempt plus
 * `retryAttempts` retries, counted once for the contact (not per outcome), so budgets never stack.
 */
export function nextContactState(
  outcome: CallOutcome,
  attempt: number,
  settings: Pick<CallSettings, 'retryAttempts' | 'retryDelayMinutes'>,
  now: Date,
): ContactNextState {
  if (outcome === 'opted_out') return { status: 'dnc', nextAttemptAt: null };
  if (outcome === 'blocked') return { status: 'failed', nextAttemptAt: null };
  if (ANSWERED_OUTCOMES.includes(outcome)) return { status: 'contacted', nextAttemptAt: null };
  if (RETRYABLE.includes(outcome) && attempt < 1 + settings.retryAttempts) {
    return { status: 'retry', nextAttemptAt: new Date(now.getTime() + settings.retryDelayMinutes * 60_000) };
  }
  return { status: 'failed', nextAttemptAt: null };
}

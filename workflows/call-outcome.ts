import type { CallOutcome } from '../libs/contracts/src';

/** Q.850 causes that mean the line was busy, rang out, or the network could not carry the call. */
const BUSY_CAUSES = new Set([17, 21]);
const NO_ANSWER_CAUSES = new Set([18, 19]);
const CONGESTION_CAUSES = new Set([34, 38, 41, 42, 44]);

/** The outcome of a call that was never answered, from Asterisk's dial status and hang-up cause. */
export function unansweredOutcome(dialStatus: string | null, hangupCause: number | null): CallOutcome {
  switch (dialStatus) {
    case 'BUSY':
      return 'busy';
    case 'NOANSWER':
      return 'no_answer';
    case 'CONGESTION':
      return 'congestion';
    case 'CHANUNAVAIL':
      return 'failed';
  }
  if (hangupCause !== null) {
    if (BUSY_CAUSES.has(hangupCause)) return 'busy';
    if (NO_ANSWER_CAUSES.has(hangupCause)) return 'no_answer';
    if (CONGESTION_CAUSES.has(hangupCause)) return 'congestion';
  }
  return 'failed';
}

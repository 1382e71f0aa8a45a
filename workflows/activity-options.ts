import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import { NON_RETRYABLE_FAILURES } from '../libs/contracts/src';

const DATABASE_RETRY = {
  initialInterval: '500ms',
  maximumInterval: '30s',
  maximumAttempts: 30,
  nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
} as const;

/**
 * Options of every database activity. The work takes milliseconds, so a short limit lets a task lost with a
 * dead worker run again soon; about ten minutes of retries ride out a database restart; failures that
 * retrying cannot mend are named by type and not retried.
 */
export const DATABASE_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '10s',
  retry: DATABASE_RETRY,
};

/**
 * The same steps run as local activities, inside the workflow task that needs them: no activity task, no
 * round trip through the server, one marker in the history. Only for steps that may run twice harmlessly
 * (a worker that dies before the task completes runs them again): each is idempotent or fenced.
 */
export const LOCAL_DATABASE_ACTIVITY: LocalActivityOptions = {
  startToCloseTimeout: '10s',
  retry: DATABASE_RETRY,
  // A retrying local activity holds its workflow task (and a worker slot): past a few seconds of backoff
  // it waits in a durable timer instead, so a database outage cannot starve the worker of task slots.
  localRetryThreshold: '2s',
};

/**
 * A page of a re-analysis: a hundred calls in one transaction takes well under a second with the rules, but
 * a language model reads each spoken turn, so the page may take minutes; it heartbeats after every call.
 */
export const REANALYSIS_PAGE_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '15m',
  heartbeatTimeout: '2m',
  retry: DATABASE_RETRY,
};

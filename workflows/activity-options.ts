import type { ActivityOptions } from '@temporalio/workflow';
import { NON_RETRYABLE_FAILURES } from '../libs/contracts/src';

/**
 * Options of every database activity. The work takes milliseconds, so a short limit lets a task lost with a
 * dead worker run again soon; about ten minutes of retries ride out a database restart; failures that
 * retrying cannot mend are named by type and not retried.
 */
export const DATABASE_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', maximumInterval: '30s', maximumAttempts: 30, nonRetryableErrorTypes: NON_RETRYABLE_FAILURES },
};

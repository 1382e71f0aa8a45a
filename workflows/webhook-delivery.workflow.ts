import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { WebhookDeliveryInput, WebhookDeliveryResult } from '../libs/contracts/src';

/** Beyond the request's own limit: the event's read and the log's write. */
const DATABASE_MARGIN_MS = 10_000;

/**
 * Delivers one event to one endpoint, at least once: Temporal retries the attempt with exponential backoff,
 * without an attempt limit, until the endpoint takes it, refuses it for good, or the window closes. Each
 * attempt is in the delivery log; the receiver dedupes on the event id.
 */
export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<WebhookDeliveryResult> {
  const { retry } = input;
  const { deliverWebhook } = proxyActivities<Activities>({
    startToCloseTimeout: retry.requestTimeoutMs + DATABASE_MARGIN_MS,
    scheduleToCloseTimeout: retry.giveUpAfterMs,
    retry: {
      initialInterval: retry.initialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: retry.maximumIntervalMs,
      // No attempt limit: the schedule-to-close window ends the retries.
    },
  });
  return deliverWebhook({ ...input, workflowId: workflowInfo().workflowId });
}

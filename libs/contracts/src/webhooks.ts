/** Outcome webhooks: the events an organization's endpoints receive and the delivery workflow's contract. */

export const WEBHOOK_EVENT_TYPES = ['call.finished', 'campaign.paused', 'campaign.resumed', 'campaign.stopped', 'campaign.completed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The delivery workflow's type name: the API and the worker start it by name (libs may not import workflows/). */
export const WEBHOOK_DELIVERY_WORKFLOW = 'webhookDeliveryWorkflow';

/** Temporal's retry of one delivery; production defaults in libs/config, short ones in tests. */
export interface WebhookRetryPolicy {
  initialIntervalMs: number;
  maximumIntervalMs: number;
  /** Past this the delivery is abandoned (the last attempt stays in the log). */
  giveUpAfterMs: number;
  /** One HTTP request's limit. */
  requestTimeoutMs: number;
}

export interface WebhookDeliveryInput {
  eventId: string;
  endpointId: string;
  retry: WebhookRetryPolicy;
}

/** How a delivery ended: 2xx, a permanent refusal (4xx but 408/429), or the endpoint was deleted or disabled. */
export type WebhookDeliveryResult = { result: 'delivered' | 'failed'; statusCode: number } | { result: 'skipped'; reason: string };

/**
 * One workflow per (endpoint, event): a second start of the same pair is refused, so a retried activity or
 * a sweep never delivers twice. A replay adds a suffix of its own.
 */
export function webhookDeliveryWorkflowId(endpointId: string, eventId: string, replay?: string): string {
  const id = `webhook/${endpointId}/${eventId}`;
  return replay ? `${id}/replay/${replay}` : id;
}

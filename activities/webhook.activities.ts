import { Context, log } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { WebhookDeliveryInput, WebhookDeliveryResult } from '../libs/contracts/src';
import type { WebhookRepository } from '../libs/db/src';
import { type WebhookDispatcher, deliveryVerdict, sendWebhook } from '../libs/webhooks/src';

export interface WebhookActivityDeps {
  webhooks: WebhookRepository;
  webhookDispatcher: WebhookDispatcher;
}

/** The type of the failure that asks Temporal to try the delivery again. */
const WEBHOOK_NOT_DELIVERED = 'WebhookNotDelivered';

/**
 * Starts the deliveries of events just committed. A failure is logged, never thrown: the fact is recorded
 * and the call or campaign goes on; the worker's sweep starts what was left.
 */
export async function dispatchAfterCommit(dispatcher: WebhookDispatcher, eventId: string | null): Promise<void> {
  if (!eventId) return;
  try {
    await dispatcher.dispatch([eventId]);
  } catch (error) {
    log.warn('webhook event not dispatched yet; the sweep will start it', { eventId, error: String(error) });
  }
}

export function createWebhookActivities({ webhooks }: WebhookActivityDeps) {
  return {
    /**
     * One attempt to deliver an event to an endpoint, logged whatever happens. 2xx ends the delivery; a 4xx
     * other than 408 and 429 ends it as failed (the receiver refuses this request, retrying will not help);
     * anything else throws, and Temporal tries again with backoff.
     */
    async deliverWebhook(input: WebhookDeliveryInput & { workflowId: string }): Promise<WebhookDeliveryResult> {
      const { attempt } = Context.current().info;
      const target = await webhooks.deliveryTarget(input.eventId, input.endpointId);
      if (!target) return { result: 'skipped', reason: 'the endpoint or the event was deleted' };
      if (!target.enabled) return { result: 'skipped', reason: 'the endpoint is disabled' };
      const { event } = target;
      const outcome = await sendWebhook(
        target,
        { id: event.id, type: event.type, occurredAt: new Date(event.occurredAt).toISOString(), data: event.data },
        input.retry.requestTimeoutMs,
      );
      const result = deliveryVerdict(outcome);
      const statusCode = 'statusCode' in outcome ? outcome.statusCode : null;
      await webhooks.logAttempt({
        organizationId: target.organizationId,
        endpointId: input.endpointId,
        eventId: input.eventId,
        workflowId: input.workflowId,
        attempt,
        result,
        statusCode,
        error: 'error' in outcome ? outcome.error : null,
        durationMs: outcome.durationMs,
      });
      if (result === 'retrying') {
        // Benign: a receiver that is down is expected, and the attempt is in the delivery log already.
        throw ApplicationFailure.create({
          message: 'error' in outcome ? outcome.error : `answered ${statusCode}`,
          type: WEBHOOK_NOT_DELIVERED,
          category: ApplicationFailureCategory.BENIGN,
        });
      }
      return { result, statusCode: statusCode! };
    },
  };
}

export type WebhookActivities = ReturnType<typeof createWebhookActivities>;
